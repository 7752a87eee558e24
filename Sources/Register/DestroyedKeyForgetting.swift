import Casework
import Identifiers
import Replica
import Sync
import Vault
import WireFormat

/// Keys of cases a caseload's log destroyed (`destroy` entries; Protocol/sync.md, "Forgetting
/// a destroyed case's key") that no destruction order here took: the order has not come (the
/// log travelled faster, or the relay withholds it), or the key came without its case, or
/// before this device had that caseload's log. No key outlives its case's entry, and no live
/// copy loses its key.
extension CaseRegister {
    /// For each held key whose case is destroyed by the log of a caseload the key is kept for
    /// or the case's record is in (the destroying caseloads): what is here of the case in those
    /// caseloads is erased, as an order would erase it, and the key is destroyed with the case
    /// record; a case record living in another caseload (moved there before the entry came)
    /// keeps the key, which is then kept for none of the destroying caseloads. Runs in every
    /// sync after the orders are carried out and before anything is sealed, in one transaction.
    func forgetDestroyedKeys(by logs: [CaseloadID: Membership]) throws -> [Destruction] {
        let destroying = logs.filter { !$0.value.destroyedCases.isEmpty }
        guard !destroying.isEmpty else { return [] }
        let keys = try vault.syncRead { try $0.caseKeys(Set(destroying.values.flatMap(\.destroyedCases.keys))) }
        guard !keys.isEmpty else { return [] }
        let home = try Caseload.home(of: vault).id
        // Where each case record is now (cheap, through the index); nil when it is not here.
        let records = try vault.records(RecordNeeds(records: keys.keys.compactMap(RecordID.init(bytes:)))).filter { isPlaced($0.value) }
        let placement = { (state: RecordState) in state.string(CaseField.caseload).flatMap(CaseloadID.init(hex:)) ?? home }
        let followed = try followedDestructions(destroying, home: home)
        let stale = keys.values.compactMap { key -> (id: RecordID, caseloads: Set<CaseloadID>)? in
            guard let id = RecordID(bytes: key.caseID) else { return nil }
            let placed = records[id].map(placement)
            let caseloads = Set(destroying.keys.filter { caseload in
                destroying[caseload]!.destroyedCases[key.caseID] != nil && (key.holders[caseload] != nil || placed == caseload)
                    && !(caseload == home && followed.contains(id))
            })
            return caseloads.isEmpty ? nil : (id, caseloads)
        }
        guard !stale.isEmpty else { return [] }
        let content = try placedContent(of: stale.map(\.id))
        var targets: [RecordID: Set<RecordID>] = [:]
        var destroyed: [RecordID] = []
        var leaving: [(case: RecordID, caseload: CaseloadID)] = []
        for (id, caseloads) in stale {
            // A record known only by waiting operations, or only by its private fields (they
            // travel home, whatever caseload the record is in), has no caseload here and goes too.
            targets[id] = (content.members[id] ?? []).filter { record in
                content.states[record].flatMap { isPlaced($0) ? $0 : nil }.map { caseloads.contains(placement($0)) } ?? true
            }
            if targets[id]!.contains(id) { destroyed.append(id) } else { leaving += caseloads.map { (id, $0) } }
        }
        let erasure = try vault.erase(Set(targets.values.joined()), destroyingCaseKeys: destroyed, leaving: leaving)
        return destroyed.compactMap { id in
            guard let ref = content.states[id]?.string(CaseField.ref), erasure.records.contains(id) else { return nil }
            let ids = targets[id] ?? []
            return Destruction(ref: ref, records: ids.intersection(erasure.records).count, operations: ids.reduce(0) { $0 + (erasure.operations[$1] ?? 0) })
        }
    }

    /// Whether `state` says where its record is: it holds more than private fields.
    private func isPlaced(_ state: RecordState) -> Bool {
        !state.fieldNames.allSatisfy(CaseSchema.routing.privateFields.contains)
    }

    /// Cases whose home `destroy` entry only followed a destruction in a shared caseload (the
    /// ordering device erased the case there and its key had travelled home with the private
    /// note): a shared log fetched here destroyed them too, or an order given in a shared
    /// caseload is here. That shared destruction decides what goes here, not the home entry:
    /// a copy another own device moved home before it came stays.
    /// Only a destruction by a current own device counts (it is the one whose carrying out
    /// appended the home entry): an admin of a shared caseload cannot, by ordering a case of
    /// this counsellor's there, keep its key alive against a destruction at home.
    private func followedDestructions(_ destroying: [CaseloadID: Membership], home: CaseloadID) throws -> Set<RecordID> {
        guard let homeLog = destroying[home] else { return [] }
        let own = Set(homeLog.members.keys)
        let shared = destroying.filter { $0.key != home }.values.flatMap { log in
            log.destroyedCases.filter { caseID, destruction in
                homeLog.destroyedCases[caseID] != nil && log.entries.first { $0.sequence == destruction.entry }.map { own.contains($0.author) } == true
            }.keys
        }
        let ownDevices = Set(own.map(DeviceIdentity.deviceID(of:)))
        let ordered = Casebook(records: try vault.records(CaseIndex.destructionNeeds)).destroyedCases
            .filter { $0.caseload != nil && ownDevices.contains($0.orderedBy) }.map(\.caseID.bytes)
        return Set((shared + ordered).compactMap(RecordID.init(bytes:)))
    }
}
