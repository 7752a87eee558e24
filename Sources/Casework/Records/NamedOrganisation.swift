import Replica

/// An organisation as reports, hours and lists know it: by its name, across every caseload
/// that keeps a record of it. A case moved into a shared caseload gets that caseload's
/// record of the same name, and still counts for the same organisation.
public struct NamedOrganisation: Sendable {
    /// As the first record spells it.
    public let name: String
    /// The records of that name, the home caseload's first.
    public let records: [Organisation]
    public let ids: Set<RecordID>

    init(records: [Organisation]) {
        self.records = records.sorted { a, b in
            (a.caseload == nil) != (b.caseload == nil) ? a.caseload == nil : a.id < b.id
        }
        name = self.records.first?.name ?? ""
        ids = Set(records.map(\.id))
    }

    /// True when `id` is a record of this organisation.
    public func includes(_ id: RecordID?) -> Bool {
        id.map(ids.contains) ?? false
    }

    /// Names compare ignoring case and surrounding spaces.
    static func key(_ name: String) -> String {
        name.trimmingCharacters(in: .whitespaces).lowercased()
    }
}
