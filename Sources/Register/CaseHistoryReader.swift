import Casework
import Identifiers
import Replica
import Signatures
import Sync

extension CaseRegister {
    /// The audit trail of a case and its conversations, oldest first, each change attributed
    /// to a counsellor: each device's operations reached this vault in envelopes it signed
    /// (checked on arrival), so the membership logs tell whose they are.
    public func history(ref: String) throws -> [CaseChange] {
        let records = try vault.records()
        let book = Casebook(records: records)
        let file = try book.caseFile(ref: ref)
        // Conversations taken back too: their history stays.
        let contactIDs = Set(records.filter { $0.value.string(RecordKind.field) == RecordKind.contact.rawValue && $0.value.string("case") == file.id.description }.keys)
        var caseOperations: [FieldOperation] = []
        var contactOperations: [FieldOperation] = []
        for operation in try vault.operations() {
            if operation.record == file.id { caseOperations.append(operation) }
            if contactIDs.contains(operation.record) { contactOperations.append(operation) }
        }
        let entries = AuditTrail.entries(for: caseOperations).map { ($0, "") }
            + Dictionary(grouping: contactOperations, by: \.record).values.flatMap { operations in
                AuditTrail.entries(for: operations).map { ($0, "contact.") }
            }
        var counsellors: [DeviceID: CounsellorID] = [:]
        var own: CounsellorID?
        do {
            counsellors = try Caseload.counsellorsByDevice(in: vault)
            own = try Caseload.home(of: vault).counsellor
        } catch SyncError.notSetUp {
            // A vault made before sync has only this counsellor's own changes.
        }
        let names = book.counsellorNames(writtenBy: counsellors.mapValues(\.description))
        let caseloadNames = Dictionary(((try? Caseload.all(in: vault)) ?? []).map { ($0.id.description, $0.name) }, uniquingKeysWith: { first, _ in first })
        // The case's own first reference: a caseload set before it was set at the opening, in
        // a shared caseload; one set after it without an earlier value was a move from `eigen`.
        let opening = entries.filter { $0.1.isEmpty && $0.0.field == CaseField.ref }.map(\.0.id).min()
        // Links between records are shown by name; the record kind is not a change anyone made,
        // nor is a value that reads the same before and after (a move writes every field anew,
        // and points at the organisation's copy in the caseload it went to).
        return entries.sorted { $0.0.id < $1.0.id }
            .filter { entry, prefix in entry.field != RecordKind.field && !(prefix == "contact." && entry.field == "case") }
            .compactMap { entry, prefix -> CaseChange? in
                var shown = entry
                if entry.field == CaseField.organisation {
                    let name = { (hex: String?) in hex.flatMap(RecordID.init(hex:)).map { book.organisationName($0) } }
                    shown = AuditEntry(id: entry.id, field: entry.field, before: name(entry.before), after: name(entry.after))
                }
                if entry.field == CaseField.caseload {
                    // A move: the caseloads by name (the own one as `eigen`), an unknown one by id.
                    let name = { (hex: String?) in hex.map { caseloadNames[$0] ?? $0 } ?? Caseload.homeName }
                    let moved = prefix.isEmpty && opening.map { entry.id > $0 } == true
                    shown = AuditEntry(id: entry.id, field: entry.field, before: entry.before.map { name($0) } ?? (moved ? Caseload.homeName : nil),
                                       after: name(entry.after))
                }
                guard shown.before != shown.after else { return nil }
                let counsellor = counsellors[entry.id.device]
                return CaseChange(entry: shown, fieldPrefix: prefix, counsellor: counsellor,
                                  counsellorName: counsellor.flatMap { names[$0.description] },
                                  byYou: counsellor != nil && counsellor == own)
            }
    }
}
