/// A name someone types for an organisation, a caseload or themselves: shown in every list
/// and to colleagues, so plain text of one line, never a way to steer a terminal, and short.
public enum PlainName {
    public static let maximumLength = 200

    /// `text` trimmed; refused when empty, too long, or holding control characters or
    /// direction overrides.
    public static func checked(_ text: String, field: String) throws(CaseworkError) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .emptyValue(field: field) }
        guard trimmed.count <= maximumLength, !DisplayText.isUnsafeAsLine(trimmed) else { throw .unplainName(field: field) }
        return trimmed
    }
}
