import Casework
import Identifiers
import Replica
import Sync
import Vault
import WireFormat

/// Keys of cases a caseload's log destroyed (`destroy` entries; Protocol/sync.md, "Forgetting
/// a destroyed case's key") that no destruction order here took: the order has not come (the
/// log travelled faster), or the key came without its case, or before this device had that
/// caseload's log. No key outlives its case's entry, and no live copy loses its key.
extension CaseRegister {
    /// For each held key whose case the log of a caseload it is held for destroyed: the case's
    /// content in those caseloads is erased with it, as the order would erase it; the key is
    /// destroyed unless a copy of the case lives in another caseload here (moved before the
    /// entry came), which keeps it, no longer handed to the destroying caseloads. Runs in every
    /// sync after the orders are carried out and before anything is sealed.
    func forgetDestroyedKeys(by memberships: [CaseloadID: Membership]) throws -> [Destruction] {
        let destroying = memberships.filter { !$0.value.destroyedCases.isEmpty }
        guard !destroying.isEmpty else { return [] }
        let named = Set(destroying.values.flatMap(\.destroyedCases.keys))
        let held = try vault.syncRead { try $0.caseKeys(named) }.values.filter { key in key.holders.keys.contains { destroying[$0]?.destroyedCases[key.caseID] != nil } }
        guard !held.isEmpty else { return [] }
        let home = try Caseload.home(of: vault).id
        // A home entry beside an order given in a shared caseload only follows that order (its
        // device erased the case there): a copy moved home here before the order came stays.
        let sharedOrders = Set(Casebook(records: try vault.records(CaseIndex.destructionNeeds)).destroyedCases.filter { $0.caseload != nil }.map(\.caseID))
        let stale = held.compactMap { key -> (id: RecordID, caseloads: Set<CaseloadID>)? in
            guard let id = RecordID(bytes: key.caseID) else { return nil }
            let caseloads = Set(key.holders.keys.filter { destroying[$0]?.destroyedCases[key.caseID] != nil && !($0 == home && sharedOrders.contains(id)) })
            return caseloads.isEmpty ? nil : (id, caseloads)
        }
        guard !stale.isEmpty else { return [] }
        let content = try placedContent(of: stale.map(\.id))
        var targets: [RecordID: Set<RecordID>] = [:]
        var destroyed: [RecordID] = []
        var leaving: [(case: RecordID, caseload: CaseloadID)] = []
        for (id, caseloads) in stale {
            // A record's caseload as its `caseload` field names it: none for the own one.
            let gone = Set(caseloads.map { $0 == home ? nil : $0.description })
            let members = content.members[id] ?? []
            // A record known only by waiting operations has no caseload yet and goes too.
            targets[id] = members.filter { record in content.states[record].map { gone.contains($0.string(CaseField.caseload)) } ?? true }
            if targets[id]!.count < members.count {
                leaving += caseloads.map { (id, $0) }
            } else {
                destroyed.append(id)
            }
        }
        let refs = stale.reduce(into: [RecordID: String]()) { refs, pair in refs[pair.id] = content.states[pair.id]?.string(CaseField.ref) }
        let erasure = try vault.erase(Set(targets.values.joined()), destroyingCaseKeys: destroyed, leaving: leaving)
        return stale.compactMap { pair in
            let ids = targets[pair.id] ?? []
            let records = ids.intersection(erasure.records).count
            let operations = ids.reduce(0) { $0 + (erasure.operations[$1] ?? 0) }
            guard let ref = refs[pair.id], records + operations > 0 else { return nil }
            return Destruction(ref: ref, records: records, operations: operations)
        }
    }
}
