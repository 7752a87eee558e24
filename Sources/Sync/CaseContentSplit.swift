import Replica

/// Which outgoing operations are content of a case with a key of its own, to be sealed under
/// that key (key scope 1, one case per envelope), and which travel under the epoch key: what
/// readers check as 9b (Protocol/sync.md). A case's content is its own record and every record
/// whose `case` register names it (its conversations).
struct CaseContentSplit {
    let routing: FieldRouting
    /// The cases this device holds keys of.
    let keyed: Set<RecordID>
    /// The cases whose keys this device destroyed: what is left of them here (a change made
    /// before the destruction reached this device) is never sent, least of all under the epoch key.
    let destroyed: Set<RecordID>

    /// `operations` without case content, and the case content per case, in their order but
    /// with each case's placements first; content of a destroyed case is left out.
    /// An assignment of the `case` register goes with the case it names, any other operation
    /// with the case its record is in now (`states`), so a conversation moved between cases
    /// leaves each envelope placing it only where it names.
    func split(_ operations: [FieldOperation], states: [RecordID: RecordState]) -> (plain: [FieldOperation], cases: [(id: RecordID, operations: [FieldOperation])]) {
        guard !keyed.isEmpty || !destroyed.isEmpty, let caseField = routing.caseField else { return (operations, []) }
        var plain: [FieldOperation] = []
        var cases: [RecordID: [FieldOperation]] = [:]
        var order: [RecordID] = []
        for operation in operations {
            let named: RecordID?
            if keyed.contains(operation.record) || destroyed.contains(operation.record) {
                named = operation.record
            } else if operation.field == caseField {
                if case .assign(.string(let value)) = operation.change { named = RecordID(hex: value) } else { named = nil }
            } else {
                named = states[operation.record]?.string(caseField).flatMap(RecordID.init(hex:))
            }
            if let id = named, destroyed.contains(id) { continue }
            guard let id = named, keyed.contains(id) else {
                plain.append(operation)
                continue
            }
            if cases[id] == nil { order.append(id) }
            cases[id, default: []].append(operation)
        }
        // Placements first: a case's content may be cut into several envelopes, and each must
        // find its conversations placed already (check 9b). Reordering register assignments is
        // safe: operations merge by their timestamps, not by their order.
        return (plain, order.map { id in
            let operations = cases[id]!
            return (id, operations.filter { $0.field == caseField } + operations.filter { $0.field != caseField })
        })
    }
}
