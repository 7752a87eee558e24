/// The codes of an imported register: the register's own words translated (`--code
/// FROM=TO`), then read as codes or their labels. A register repeats a handful of values
/// over many rows, so each is judged once.
public final class ImportCodes {
    private let translations: [String: String]
    private var parsed: [String: Result<String, CaseworkError>] = [:]

    /// `translations`: from a value (compared lowercased) to the code it stands for.
    public init(translations: [String: String]) {
        self.translations = Dictionary(translations.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { $1 })
    }

    func parse<Code: CodeList>(_ text: String, as type: Code.Type) throws(CaseworkError) -> Code {
        let key = Code.fieldName + "\u{0}" + text
        let result = parsed[key] ?? {
            let result: Result<String, CaseworkError>
            do throws(CaseworkError) {
                result = .success(try Code.parse(translations[text.lowercased()] ?? text).code)
            } catch {
                result = .failure(error)
            }
            parsed[key] = result
            return result
        }()
        switch result {
        case .success(let code): return Code(rawValue: code)!
        case .failure(let error): throw error
        }
    }
}
