/// The language of labels and reports: Dutch by default, English on request.
public enum Language: String, CaseIterable, Sendable {
    case nl, en
}
