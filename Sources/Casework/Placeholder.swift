public enum CaseworkPlaceholder {}
