import Identifiers
import Vault
import WireFormat

/// Appends the `destroy` entries destructions left (Protocol/sync.md, "Who appends it"), at
/// the end of a sync: the relay then cuts the case's envelopes in that caseload to stubs.
/// Per caseload, entries wait while a device there has not shown that it reads them
/// (`KeyCapability`), while the log awaits a rotation, while own envelopes or deferred
/// operations of that caseload (the order among them) have not left, and after any refusal
/// or failure (the next sync tries again); a failure never fails the sync. An entry is
/// forgotten once appended, or when it can no longer be: the log names the case already
/// (another device was first), this device is no longer an admin there, or no longer in
/// the caseload.
public enum DestroyEntryPublishing {
    /// Returns how many entries still wait.
    public static func run(vault: Vault, relay: any RelayTransport, now: @Sendable () -> UInt64) async throws -> Int {
        let pending = try vault.syncRead { try $0.destroyEntries() }
        guard !pending.isEmpty else { return 0 }
        let caseloads = try Caseload.all(in: vault)
        var waiting = 0
        for (id, entries) in Dictionary(grouping: pending, by: \.caseload) {
            guard let caseload = caseloads.first(where: { $0.id == id }) else {
                try forget(entries, in: vault)
                continue
            }
            do {
                waiting += try await append(entries, in: caseload, vault: vault, relay: relay, now: now)
            } catch SyncError.removed {
                try forget(entries, in: vault)
            } catch let error as VaultError {
                throw error  // the vault itself failed: that is the sync's failure
            } catch {
                waiting += entries.count  // the relay or the log refused for now: the next sync tries again
            }
        }
        return waiting
    }

    /// Appends `entries` of one caseload in order; returns how many still wait.
    private static func append(_ entries: [DestroyEntry], in caseload: Caseload, vault: Vault, relay: any RelayTransport,
                               now: @Sendable () -> UInt64) async throws -> Int {
        let keys = try vault.identity().signing
        let sync = MembershipSync(vault: vault, caseload: caseload, relay: relay, keys: keys)
        var membership = try await sync.run()
        // A device from before destroy entries would stop syncing the caseload; and the case's
        // order must be at the relay before the relay cuts anything.
        let orderLeft = try vault.syncRead { try $0.outbox(caseload.id).isEmpty && !$0.hasDeferred(caseload.id) }
        guard !membership.rotationDue, orderLeft, try KeyCapability.ofEveryDevice(in: membership, vault: vault) else { return entries.count }
        for (index, entry) in entries.enumerated() {
            if membership.destroyedCases[entry.caseID] == nil, membership.members[keys.publicKey]?.role == .admin {
                do {
                    try await sync.append(.destroy(caseID: entry.caseID, tagKey: entry.tagKey), after: &membership, milliseconds: now())
                } catch SyncError.refused(409, _) {
                    // Another entry came first; `membership` holds the refused one: stop here.
                    return entries.count - index
                }
            }
            try forget([entry], in: vault)
        }
        return 0
    }

    private static func forget(_ entries: [DestroyEntry], in vault: Vault) throws {
        try vault.syncTransaction { ledger in for entry in entries { try ledger.removeDestroyEntry(entry) } }
    }
}
