/// What an export for the person a case is about (an access request) holds: every field
/// but the counsellor's private working note, which is never part of it, and without the
/// fields the counsellor withholds; both are said in the export, with why.
public struct AccessRequest: Sendable {
    /// Fields the counsellor may withhold (`contacts`: what was said in each conversation).
    public static let redactable = [
        CaseField.channel, CaseField.reporterRole, CaseField.otherParty, CaseField.formalStep, CaseField.consent,
        CaseField.categories, CaseField.integrityTypes, CaseField.referrals, CaseField.summary, CaseField.outcome, contactSummaries,
    ]
    public static let contactSummaries = "contacts"
    /// Where each export is noted, with its day, format and what was withheld (the audit trail shows it).
    public static let auditField = "exports"

    public let file: CaseFile
    public let contacts: [Contact]
    /// The withheld fields, in the order of `redactable`.
    public let withheld: [String]

    public init(file: CaseFile, contacts: [Contact], withholding fields: [String]) throws(CaseworkError) {
        let asked = Set(fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
        if let unknown = asked.first(where: { !Self.redactable.contains($0) }) {
            throw .unknownField(unknown, valid: Self.redactable)
        }
        self.file = file
        self.contacts = contacts
        withheld = Self.redactable.filter(asked.contains)
    }

    /// Whether the export shows `field` (a case field code, or `contacts` for the conversations' texts).
    public func shows(_ field: String) -> Bool {
        field != CaseField.privateNote && !withheld.contains(field)
    }

    /// The audit note of one export, e.g. `2026-03-14 pdf; withheld: summary, other_party`.
    public func auditNote(on day: LocalDate, format: String) -> String {
        "\(day) \(format)" + (withheld.isEmpty ? "" : "; withheld: " + withheld.joined(separator: ", "))
    }
}
