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
        let organisationIDs = Set(book.organisations.map(\.id))
        var caseOperations: [FieldOperation] = []
        var contactOperations: [FieldOperation] = []
        var names = OrganisationNames(book: book)
        for operation in try vault.operations() {
            if operation.record == file.id { caseOperations.append(operation) }
            if contactIDs.contains(operation.record) { contactOperations.append(operation) }
            if organisationIDs.contains(operation.record) { names.note(operation) }
        }
        // Each record's opening: the first write of the field set only when it is made (a
        // case's reference, a conversation's link to its case). A caseload set after it
        // without an earlier value was a move from `eigen`.
        func entries(_ operations: [FieldOperation], prefix: String, opening field: String) -> [(AuditEntry, String, OperationID?)] {
            let opening = operations.filter { $0.field == field }.map(\.id).min()
            return AuditTrail.entries(for: operations).map { ($0, prefix, opening) }
        }
        let allEntries = entries(caseOperations, prefix: "", opening: CaseField.ref)
            + Dictionary(grouping: contactOperations, by: \.record).values.flatMap { entries($0, prefix: "contact.", opening: "case") }
        var counsellors: [DeviceID: CounsellorID] = [:]
        var own: CounsellorID?
        do {
            counsellors = try Caseload.counsellorsByDevice(in: vault)
            own = try Caseload.home(of: vault).counsellor
        } catch SyncError.notSetUp {
            // A vault made before sync has only this counsellor's own changes.
        }
        let counsellorNames = book.counsellorNames(writtenBy: counsellors.mapValues(\.description))
        let caseloadNames = Dictionary(((try? Caseload.all(in: vault)) ?? []).map { ($0.id.description, $0.name) }, uniquingKeysWith: { first, _ in first })
        // Links between records are shown by name; the record kind is not a change anyone made,
        // nor is a value that reads the same before and after (a move writes every field anew,
        // and points at the organisation's copy in the caseload it went to).
        return allEntries.sorted { $0.0.id < $1.0.id }
            .filter { entry, prefix, _ in entry.field != RecordKind.field && !(prefix == "contact." && entry.field == "case") }
            .compactMap { entry, prefix, opening -> CaseChange? in
                var shown = entry
                if entry.field == CaseField.organisation {
                    // By the name it had then; one this device never had a record of is not shown as "".
                    let name = { (hex: String?) in hex.flatMap(RecordID.init(hex:)).flatMap { names.name(of: $0, at: entry.id) } }
                    shown = AuditEntry(id: entry.id, field: entry.field, before: name(entry.before), after: name(entry.after))
                }
                if entry.field == CaseField.caseload {
                    // A move: the caseloads by name (the own one as `eigen`), an unknown one by id.
                    let name = { (hex: String?) in hex.map { caseloadNames[$0] ?? $0 } ?? Caseload.homeName }
                    let moved = opening.map { entry.id > $0 } == true
                    shown = AuditEntry(id: entry.id, field: entry.field, before: entry.before.map { name($0) } ?? (moved ? Caseload.homeName : nil),
                                       after: name(entry.after))
                }
                guard shown.before != shown.after else { return nil }
                let counsellor = counsellors[entry.id.device]
                return CaseChange(entry: shown, fieldPrefix: prefix, counsellor: counsellor,
                                  counsellorName: counsellor.flatMap { counsellorNames[$0.description] },
                                  byYou: counsellor != nil && counsellor == own)
            }
    }
}

/// Organisation names as they were at each moment: a renamed organisation's earlier
/// entries keep the name they were made under.
private struct OrganisationNames {
    private let current: [RecordID: String]
    private var written: [RecordID: [(id: OperationID, name: String)]] = [:]

    init(book: Casebook) {
        current = Dictionary(book.organisations.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
    }

    mutating func note(_ operation: FieldOperation) {
        guard operation.field == "name", case .assign(let value) = operation.change, let name = value.string else { return }
        written[operation.record, default: []].append((operation.id, name))
    }

    /// The name `organisation` had at `moment`: its last one written before, else its first
    /// (or current); nil for one this device holds no record of.
    func name(of organisation: RecordID, at moment: OperationID) -> String? {
        let names = (written[organisation] ?? []).sorted { $0.id < $1.id }
        return names.last { $0.id <= moment }?.name ?? names.first?.name ?? current[organisation]
    }
}
