/// A fixed list of stable English codes with Dutch and English labels (DOMAIN.md).
public protocol CodeList: RawRepresentable, CaseIterable, Sendable, Hashable where RawValue == String {
    /// The field name the codes belong to, for error messages.
    static var fieldName: String { get }
    var dutch: String { get }
    var english: String { get }
}

extension CodeList {
    public var code: String { rawValue }

    public func label(_ language: Language) -> String {
        language == .nl ? dutch : english
    }

    public static var codes: [String] { allCases.map(\.rawValue) }

    /// Parses a code, or throws an error that lists the valid ones.
    public static func parse(_ text: String) throws(CaseworkError) -> Self {
        guard let value = Self(rawValue: text.lowercased()) else {
            throw .unknownCode(field: fieldName, given: text, valid: codes)
        }
        return value
    }
}
