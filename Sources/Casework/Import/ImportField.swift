/// What a column of an imported register can hold: a case's fields and, optionally, one
/// conversation per row (`contact_…`).
public enum ImportField: String, CaseIterable, Sendable {
    case organisation, opened, closed, channel, reporterRole = "reporter_role", otherParty = "other_party"
    case formalStep = "formal_step", categories, referrals, summary, outcome, destroyAfter = "destroy_after"
    case contactDate = "contact_date", contactMinutes = "contact_minutes", contactChannel = "contact_channel"
    case contactPurpose = "contact_purpose", contactSummary = "contact_summary"

    public static var names: [String] { allCases.map(\.rawValue) }

    /// Which column holds which field: `--map COLUMN=FIELD` first, then every column whose
    /// header is a field's name. The organisation and the opening date are needed.
    public static func columns(header: [String], mapped: [String: String]) throws(CaseworkError) -> [ImportField: Int] {
        var columns: [ImportField: Int] = [:]
        for (column, name) in mapped {
            guard let field = ImportField(rawValue: name.lowercased()) else {
                throw .unknownCode(field: "import field", given: name, valid: names)
            }
            guard let index = header.firstIndex(where: { $0.lowercased() == column.lowercased() }) else {
                throw .invalidImport("the file has no column '\(column)'; its columns are \(header.joined(separator: ", "))")
            }
            columns[field] = index
        }
        for (index, name) in header.enumerated() {
            if let field = ImportField(rawValue: name.lowercased()), columns[field] == nil { columns[field] = index }
        }
        for needed in [ImportField.organisation, .opened] where columns[needed] == nil {
            throw .invalidImport("no column holds '\(needed.rawValue)'; name one with --map COLUMN=\(needed.rawValue)")
        }
        return columns
    }
}
