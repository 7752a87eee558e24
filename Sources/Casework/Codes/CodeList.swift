import Foundation

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

    /// Parses a code, or its Dutch or English label as lists and reports show it (`pesten`,
    /// `work pressure`; case, accents and `_` for a space do not matter), or throws an error
    /// that lists the codes.
    public static func parse(_ text: String) throws(CaseworkError) -> Self {
        if let value = Self(rawValue: text.lowercased()) { return value }
        let wanted = folded(text)
        guard let value = allCases.first(where: { folded($0.dutch) == wanted || folded($0.english) == wanted }) else {
            throw .unknownCode(field: fieldName, given: text, valid: codes)
        }
        return value
    }

    private static func folded(_ text: String) -> String {
        text.replacingOccurrences(of: "_", with: " ").trimmingCharacters(in: .whitespaces)
            .folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }
}
