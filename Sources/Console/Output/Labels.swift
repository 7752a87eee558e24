import Casework

/// Turns stored codes into labels in the chosen language; an unknown code (from a newer
/// version) is shown as it is.
struct Labels {
    let language: Language

    func label<Codes: CodeList>(_ code: String?, _ type: Codes.Type) -> String {
        guard let code else { return "" }
        return Codes(rawValue: code)?.label(language) ?? code
    }

    func labels<Codes: CodeList>(_ codes: [String], _ type: Codes.Type) -> String {
        codes.map { label($0, type) }.joined(separator: ", ")
    }

    /// A phrase in the chosen language.
    func text(nl: String, en: String) -> String { language == .nl ? nl : en }
}
