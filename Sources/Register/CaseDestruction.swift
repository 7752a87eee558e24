import Casework
import Foundation
import Identifiers
import Replica
import Sync
import Vault

/// Destroying cases (Protocol/records.md, Destroying a case): an admin of the case's
/// caseload writes the order, a record with no content whose fields only an admin may
/// write (sync rejects anyone else's, judged by the envelope alone); every device that reads
/// it erases the case and its conversations from its vault and writes its confirmation into
/// the order, a field only that device may write.
extension CaseRegister {
    /// What one destruction did on this device.
    public struct Destruction: Sendable {
        public let ref: String
        public let records: Int
        public let operations: Int
    }

    /// `vp case destroy REF`: only a closed case counted in the finalised report of every
    /// year it was open, unless `force`.
    public func destroyCase(ref: String, force: Bool, today: LocalDate, now: UInt64) throws -> Destruction {
        let book = try wholeCasebook()
        let file = try book.caseFile(ref: ref)
        if !force, let obstacle = RetentionRules.obstacle(to: file, in: book) { throw CaseworkError.notYetDestroyable(ref: ref, reason: obstacle) }
        try order([file], today: today)
        let done = try carryOutDestructions(now: now)
        return done.first { $0.ref == ref } ?? Destruction(ref: ref, records: 0, operations: 0)
    }

    /// The cases due for destruction that this device may order: closed, counted in
    /// finalised reports, past their `destroy_after` day, in the own caseload or one where
    /// this device is an admin.
    public func casesDue(today: LocalDate, in read: Casebook? = nil) throws -> [CaseFile] {
        let book = try read ?? wholeCasebook()
        let allowed = try orderingCaseloads()
        return book.cases.filter { allowed[$0.caseload ?? ""] != nil && RetentionRules.isDue($0, in: book, today: today) }
    }

    /// `vp retention run`: destroys `files` (as `casesDue` gave them), ordered in one write.
    public func destroy(_ files: [CaseFile], today: LocalDate, now: UInt64) throws -> [Destruction] {
        guard !files.isEmpty else { return [] }
        try order(files, today: today)
        return try carryOutDestructions(now: now)
    }

    /// Writes the orders to destroy `files`, in one batch; refused unless this device is an
    /// admin of each case's caseload.
    private func order(_ files: [CaseFile], today: LocalDate) throws {
        let allowed = try orderingCaseloads()
        for file in files where allowed[file.caseload ?? ""] == nil {
            throw SyncError.notAdmin(try Caseload.all(in: vault).first { $0.id.description == file.caseload }?.name ?? file.caseload ?? "")
        }
        _ = try write(needing: RecordNeeds(records: files.map(\.id))) { session in
            for file in files { session.orderDestruction(of: file, on: today) }
        }
    }

    /// Carries out every order this device has not carried out yet, or whose case something
    /// brought back (a colleague's change made before they saw the order): one erasure of
    /// all of them, then this device's confirmations. Runs in every sync between pulling and
    /// sending, so nothing of a destroyed case leaves again, and after `vp case destroy`.
    @discardableResult
    func carryOutDestructions(now: UInt64) throws -> [Destruction] {
        let orders = Casebook(records: try vault.records(CaseIndex.destructionNeeds)).destroyedCases
        guard !orders.isEmpty else { return [] }
        let me = vault.device
        let held = try indexedContent(of: orders.map(\.caseID))
        // Carried out and confirmed, and nothing brought back since: nothing to do.
        let pending = orders.filter { $0.confirmations[me] == nil || held[$0.caseID] != nil }
        guard !pending.isEmpty else { return [] }
        let content = try placedContent(of: pending.map(\.caseID))
        var targets: [RecordID: Set<RecordID>] = [:]
        for order in pending {
            // Only in the order's caseload (a copy moved elsewhere is not this order's); a
            // record known only by waiting operations has no caseload yet and goes too.
            targets[order.id] = (content.members[order.caseID] ?? []).filter { id in
                content.states[id].map { $0.string(CaseField.caseload) == order.caseload } ?? true
            }
        }
        let everything = Set(targets.values.joined())
        // A case's own key goes with it, in the same transaction, when the order's case is
        // erased here; a copy moved to another caseload keeps it, as it keeps its records, but
        // the key is no longer handed to the order's caseload.
        let home = try Caseload.home(of: vault).id
        let (erased, moved) = (pending.filter { everything.contains($0.caseID) }, pending.filter { !everything.contains($0.caseID) })
        let leaving = moved.map { (case: $0.caseID, caseload: $0.caseload.flatMap(CaseloadID.init(hex:)) ?? home) }
        let erasure = everything.isEmpty && leaving.isEmpty ? nil
            : try vault.erase(everything, destroyingCaseKeys: erased.map(\.caseID), leaving: leaving,
                              announcing: try destroyEntries(for: erased, home: home))
        let readOnly = try readOnlyCaseloads()
        let confirmable = try pending.filter { try canConfirm($0, readOnly: readOnly) }
        let checkpointed = try erasure?.checkpointed ?? (confirmable.isEmpty ? false : vault.checkpoint())
        if checkpointed, !confirmable.isEmpty {
            let time = Date(timeIntervalSince1970: Double(now) / 1000).formatted(.iso8601)
            _ = try write(needing: RecordNeeds(records: confirmable.map(\.id))) { session in
                for order in confirmable { session.confirmDestruction(of: order, device: me, at: time) }
            }
        }
        guard let erasure else { return [] }
        return pending.compactMap { order in
            let ids = targets[order.id] ?? []
            let records = ids.intersection(erasure.records).count
            let operations = ids.reduce(0) { $0 + (erasure.operations[$1] ?? 0) }
            return records + operations == 0 ? nil : Destruction(ref: order.ref, records: records, operations: operations)
        }
    }

    /// The `destroy` entries carrying out `orders` leaves for the next sync (cases with a key
    /// of their own; Protocol/sync.md, "Who appends it"): in the order's caseload when this
    /// device is an admin there (whoever appends first, the others find it in the log), and in
    /// the home caseload when the key belongs to it (the private note travelled there).
    private func destroyEntries(for orders: [DestroyedCase], home: CaseloadID) throws -> [DestroyEntry] {
        let keys = try vault.syncRead { try $0.caseKeys(Set(orders.map(\.caseID.bytes))) }
        let ordering = try orderingCaseloads()
        return try orders.flatMap { order -> [DestroyEntry] in
            guard let key = keys[order.caseID.bytes] else { return [] }
            let caseload = try orderCaseload(order.caseload).id
            var entries = ordering[order.caseload ?? ""] != nil ? [DestroyEntry(destroying: key, in: caseload)] : []
            if caseload != home, key.holders[home] != nil { entries.append(DestroyEntry(destroying: key, in: home)) }
            return entries
        }
    }

    /// Whether this device may confirm `order` now: it can write in the order's caseload (a
    /// reader cannot), and no envelope of that caseload waits in the vault (to be sent, or
    /// judged against a longer membership log), since it might still carry the case.
    private func canConfirm(_ order: DestroyedCase, readOnly: [String: String]) throws -> Bool {
        guard order.confirmations[vault.device] == nil, readOnly[order.caseload ?? ""] == nil else { return false }
        let caseload = try orderCaseload(order.caseload).id
        return try vault.syncRead { try $0.outbox(caseload).isEmpty && $0.pendingEnvelopes(caseload).isEmpty }
    }

    /// The caseloads where this device may order a destruction (hex id, "" for the own
    /// one) with their names: its own, and shared ones where it is an admin.
    func orderingCaseloads() throws -> [String: String] {
        var result: [String: String] = ["": Caseload.homeName]
        let me = try vault.identity().signing.publicKey
        for caseload in try Caseload.all(in: vault) where !caseload.isHome {
            if try caseload.membership(in: vault).members[me]?.role == .admin { result[caseload.id.description] = caseload.name }
        }
        return result
    }

    /// The caseload an order is given in: the shared one named (hex id), else the own one.
    func orderCaseload(_ hex: String?) throws -> Caseload {
        guard let hex else { return try Caseload.home(of: vault) }
        guard let caseload = try Caseload.all(in: vault).first(where: { $0.id.description == hex }) else { throw SyncError.unknownCaseload(hex) }
        return caseload
    }

    func wholeCasebook() throws -> Casebook {
        try Casebook(streaming: { consume in try vault.streamRecords { consume($0) } })
    }
}
