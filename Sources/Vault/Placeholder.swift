public enum VaultPlaceholder {}
