import Casework
import Identifiers
import Replica
import Sync

extension CaseRegister {
    /// `vp case open`: opens a case and returns its reference. The case gets a key of its own
    /// (Protocol/sync.md, "Which cases get a key") whenever every device of its caseload reads keyed
    /// content; its id is then the key's, and the key is kept in the case's own transaction.
    public func openCase(_ draft: CaseDraft, today: LocalDate) throws -> Written<String> {
        var draft = draft
        let caseload = draft.caseload.flatMap(CaseloadID.init(hex:))
        // A caseload named but not parsable: the write refuses it, no key is made for it.
        let caseKey = draft.caseload != nil && caseload == nil ? nil : try CaseKey.forNewCase(in: caseload, vault: vault)
        if let caseKey { draft.id = RecordID(bytes: caseKey.caseID) }
        let needs = CaseIndex.openingNeeds(organisation: draft.organisation, year: (draft.opened ?? today).year)
        return try write(needing: needs, alongside: caseKey.map { key in { try $0.storeCaseKey(key) } }) { try $0.openCase(draft, today: today) }
    }

    /// `vp import`: the rows as cases in the own caseload, each with a key of its own on the
    /// same terms as `openCase`, the keys kept in the import's one transaction.
    public func importCases(_ rows: [ImportedCase]) throws -> Written<ImportResult> {
        let caseKeys = try CaseKey.forNewCases(rows.count, in: nil, vault: vault)
        let ids = caseKeys?.map { RecordID(bytes: $0.caseID)! }  // 16 bytes by construction
        return try write(alongside: caseKeys.map { keys in { ledger in for key in keys { try ledger.storeCaseKey(key) } } }) {
            try $0.importCases(rows, ids: ids)
        }
    }

    /// Whether the case `ref` has no key of its own although this vault syncs (a device of its
    /// caseload has not shown it reads such keys, perhaps because the relay withholds what it
    /// sent): destroying it will not reach a copy of the relay's data, so `vp case open` says so.
    public func lacksOwnKey(ref: String) throws -> Bool {
        do { _ = try Caseload.home(of: vault) } catch SyncError.notSetUp { return false }
        return try !hasOwnKey(try caseID(ref: ref))
    }

    /// Whether the case `id` has a key of its own on this device.
    public func hasOwnKey(_ id: RecordID) throws -> Bool {
        try vault.syncRead { try $0.holdsCaseKey(id.bytes) }
    }
}
