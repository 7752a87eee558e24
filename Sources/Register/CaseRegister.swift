import Synchronization
import Casework
import Replica
import Signatures
import Sync
import Vault
import WireFormat

/// The counsellor's register as an application: one open vault with the rules every client
/// must keep, so the console (or any other front end) parses, calls one method and renders.
/// It owns which caseload a record and each field travel in (`CaseSchema.routing`), reader
/// and admin rights, counsellor profiles, the audit trail with attribution, and moves.
public struct CaseRegister: Sendable {
    public let vault: Vault

    public init(vault: Vault) { self.vault = vault }

    /// What a write changed, for front ends that show a live view (the REPL's completions).
    public struct Written<Result> {
        public let result: Result
        public let touched: Set<RecordID>
    }

    /// Runs an edit in one transaction on the records `needs` names (all when nil), refusing
    /// it, with nothing written, when it changes a record of a caseload where this
    /// counsellor is a reader (private fields excepted: they never leave the own devices).
    /// `alongside`: sync bookkeeping done in the same transaction (`Vault.write`).
    public func write<Result>(needing needs: RecordNeeds? = nil, alongside: ((SyncLedger) throws -> Void)? = nil,
                              _ body: (inout ChangeSession) throws -> Result) throws -> Written<Result> {
        // A device a sync found removed would write what can never leave it.
        guard try vault.sealedSetting(Self.removedSetting) == nil else { throw SyncError.removedDeviceEdit }
        let readOnly = try readOnlyCaseloads()
        return try vault.write(needing: needs, alongside: alongside) { session in
            let result = try body(&session)
            for operation in session.operations {
                if let caseload = CaseSchema.routing.partition(of: operation, record: session.records[operation.record]),
                   let name = readOnly[caseload] {
                    throw SyncError.readOnly(name)
                }
            }
            return Written(result: result, touched: session.touched)
        }
    }

    /// Set when a sync found this device removed from its own caseload.
    static let removedSetting = "device_removed"

    /// Shared caseloads where this device may only read: hex id → name.
    func readOnlyCaseloads() throws -> [String: String] {
        let caseloads: [Caseload]
        do {
            caseloads = try Caseload.all(in: vault)
        } catch SyncError.notSetUp {
            return [:]  // a vault made before sync: nothing is shared
        }
        let me = try vault.identity().signing.publicKey
        var result: [String: String] = [:]
        for caseload in caseloads where !caseload.isHome {
            if try caseload.membership(in: vault).members[me]?.role == .reader { result[caseload.id.description] = caseload.name }
        }
        return result
    }

    /// The hex id of the shared caseload named `name`; nil for none or the own caseload.
    public func sharedCaseloadID(named name: String?) throws -> String? {
        guard let name else { return nil }
        let caseload = try Caseload.named(name, in: vault)
        return caseload.isHome ? nil : caseload.id.description
    }

    /// Moves a case and its conversations to `caseload` (the home one to take it back).
    public func move(ref: String, to caseload: Caseload) throws -> Written<Void> {
        try ensureReadable([try caseID(ref: ref)], in: caseload)
        return try write { try $0.moveCase(ref: ref, to: caseload.isHome ? nil : caseload.id.description) }
    }

    /// The record id of case `ref`, read through the index.
    func caseID(ref: String) throws -> RecordID {
        try Casebook(records: try vault.records(CaseIndex.caseNeeds(ref: ref))).caseFile(ref: ref).id
    }

    /// Refuses to move cases with a key of their own into `caseload` while a device there has
    /// not shown that it reads such keys (Protocol/sync.md, "Which cases get a key"): an older
    /// `vp` would never see them.
    func ensureReadable(_ cases: [RecordID], in caseload: Caseload) throws {
        guard try !vault.syncRead({ try $0.caseKeys(Set(cases.map(\.bytes))) }).isEmpty else { return }
        guard try KeyCapability.ofEveryDevice(in: try caseload.membership(in: vault), vault: vault) else {
            throw SyncError.olderDeviceInCaseload(caseload.name)
        }
    }

    /// One sync with the relay, routing records by the case schema. Afterwards the
    /// counsellor's own devices are brought into every shared caseload (told through the own
    /// caseload) and caseloads another own device told of are joined; if either happened, a
    /// second round sends and fetches what that changed. Destruction orders are carried out
    /// between pulling and sending, in every round, and keys of cases a log destroyed are
    /// forgotten; cases this counsellor handed over are
    /// let go of at the end, once what this device changed in them has left.
    public func sync(relay: any RelayTransport, now: @escaping @Sendable () -> UInt64,
                     progress: @escaping (SyncProgress) -> Void = { _ in }) async throws -> SyncReport {
        let done = Mutex<[Destruction]>([])
        let engine = try SyncEngine(vault: vault, routing: CaseSchema.routing, relay: relay, now: now, progress: progress) { [self] memberships in
            let destroyed = try carryOutDestructions(now: now()) + forgetDestroyedKeys(by: memberships)
            done.withLock { $0 += destroyed }
        }
        var report: SyncReport
        do {
            report = try await engine.run()
        } catch SyncError.removed {
            // Removed from its own caseload: from now on edits here are refused, not lost later.
            try vault.setSealedSetting(Self.removedSetting, [1])
            throw SyncError.removed
        }
        let included = try await OwnDeviceInclusion.run(vault: vault, relay: relay, now: now)
        let home = try Caseload.home(of: vault)
        for shared in included {
            let grant = SharedCaseloadGrant(caseload: shared.caseload.id.description, name: shared.caseload.name, keys: shared.keys)
            let record = shared.caseload.grantRecord(home: home)
            _ = try write(needing: RecordNeeds(records: [record])) { session in
                // Keys go only into the own caseload, never into a record someone placed elsewhere.
                guard session.records[record]?.string(CaseField.caseload) == nil else { return }
                session.tellOwnDevices(grant, id: record)
            }
        }
        var learned = false
        for grant in SharedCaseloadGrant.all(in: try vault.records(CaseIndex.sharedCaseloadNeeds)) {
            if try Caseload.learn(id: grant.caseload, name: grant.name, keys: grant.keys, in: vault) { learned = true }
        }
        if !included.isEmpty || learned { report.absorb(try await engine.run()) }
        report.destroyedCases = done.withLock { $0.map(\.ref) }
        // Only once this device's changes to them have left (the moves among them).
        try letGoOfHandedOverCases()
        report.handoversWaiting = try waitingHandovers().map(\.refs.count)
        // The relay cuts what it keeps of cases destroyed here to stubs (keyed cases only).
        report.destroyEntriesWaiting = try await DestroyEntryPublishing.run(vault: vault, relay: relay, now: now)
        return report
    }

    /// Revokes a lost device after a sync, so that the removal's ceiling covers every
    /// envelope the device sent before (later ones count nowhere). Returns its device id.
    public func revokeDevice(_ id: String, relay: any RelayTransport, now: @escaping @Sendable () -> UInt64) async throws -> String {
        _ = try await sync(relay: relay, now: now)
        return try await DeviceRevocation.revoke(id, vault: vault, relay: relay, now: now)
    }

    /// Gives a colleague's devices another role in a shared caseload, after a sync (so a
    /// demotion keeps every envelope they wrote before). Returns how many devices changed.
    public func changeRole(of member: String, in caseload: Caseload, to role: MembershipEntry.Role, relay: any RelayTransport,
                           now: @escaping @Sendable () -> UInt64) async throws -> Int {
        _ = try await sync(relay: relay, now: now)
        return try await CaseloadRoles.change(member, in: caseload, to: role, vault: vault, relay: relay, now: now)
    }

    /// Removes a colleague's devices from a shared caseload after a sync (see `revokeDevice`).
    /// Returns how many devices were removed.
    public func removeColleague(_ member: String, from caseload: Caseload, relay: any RelayTransport,
                                now: @escaping @Sendable () -> UInt64) async throws -> Int {
        _ = try await sync(relay: relay, now: now)
        return try await CaseloadRemoval.remove(member, from: caseload, vault: vault, relay: relay, now: now)
    }
}
