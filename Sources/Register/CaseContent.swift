import Casework
import Replica
import Vault

/// What a vault holds of given cases, for the writes that take cases out of it (destroying,
/// handing over): first through the index, cheaply, to see whether anything is there; then,
/// only when something is to be erased, through the log, which also finds a conversation
/// whatever its `case` register says now.
extension CaseRegister {
    /// Per case, its own record and its conversations as the index finds them (one read);
    /// cases of which nothing is stored are left out.
    func indexedContent(of cases: [RecordID]) throws -> [RecordID: [RecordID: RecordState]] {
        guard !cases.isEmpty else { return [:] }
        let wanted = Set(cases)
        var result: [RecordID: [RecordID: RecordState]] = [:]
        for (id, state) in try vault.records(CaseIndex.contentNeeds(of: cases)) {
            if wanted.contains(id) { result[id, default: [:]][id] = state }
            if let owner = state.string("case").flatMap(RecordID.init(hex:)), wanted.contains(owner) { result[owner, default: [:]][id] = state }
        }
        return result
    }

    /// Per case, every record that belongs to it: the case itself and each record a stored
    /// operation (log, held or deferred) ever placed in it; with the states stored for them
    /// (a record known only by waiting operations has none). Reads the whole log.
    func placedContent(of cases: [RecordID]) throws -> (members: [RecordID: Set<RecordID>], states: [RecordID: RecordState]) {
        let placed = try vault.recordsAssigning("case", oneOf: Set(cases.map(\.description)))
        var members: [RecordID: Set<RecordID>] = [:]
        for caseID in cases { members[caseID] = Set([caseID]).union(placed[caseID.description] ?? []) }
        return (members, try vault.records(RecordNeeds(records: Array(Set(members.values.joined())))))
    }
}
