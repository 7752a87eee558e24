import Vault
import WireFormat

/// Appends the `destroy` entries a destruction left (Protocol/sync.md, "Destroy (membership
/// action 5)"), at the end of a sync: the relay then cuts the case's envelopes in that
/// caseload to stubs. An entry waits while a device of the caseload has not shown that it
/// reads them (`KeyCapability`); it is forgotten once appended, or when it can no longer be:
/// the log names the case already (another own device was first), this device is no longer
/// an admin there, or no longer in the caseload.
public enum DestroyEntryPublishing {
    /// Returns how many entries were appended.
    @discardableResult
    public static func run(vault: Vault, relay: any RelayTransport, now: @Sendable () -> UInt64) async throws -> Int {
        let pending = try vault.syncRead { try $0.destroyEntries() }
        guard !pending.isEmpty else { return 0 }
        let keys = try vault.identity().signing
        let caseloads = try Caseload.all(in: vault)
        var appended = 0
        for (id, entries) in Dictionary(grouping: pending, by: \.caseload) {
            guard let caseload = caseloads.first(where: { $0.id == id }) else {
                try forget(entries, in: vault)
                continue
            }
            let sync = MembershipSync(vault: vault, caseload: caseload, relay: relay, keys: keys)
            var membership: Membership
            do { membership = try await sync.run() } catch SyncError.removed {
                try forget(entries, in: vault)
                continue
            }
            // A device from before destroy entries would stop syncing the caseload: wait for it
            // to show it reads them, or to leave.
            guard try KeyCapability.ofEveryDevice(in: membership, vault: vault) else { continue }
            for entry in entries {
                if membership.destroyedCases[entry.caseID] == nil, membership.members[keys.publicKey]?.role == .admin {
                    do {
                        try await sync.append(.destroy(caseID: entry.caseID, tagKey: entry.tagKey), after: &membership, milliseconds: now())
                        appended += 1
                    } catch SyncError.refused(409, _) {
                        break  // another change to the log came first: the next sync tries again
                    }
                }
                try forget([entry], in: vault)
            }
        }
        return appended
    }

    private static func forget(_ entries: [DestroyEntry], in vault: Vault) throws {
        try vault.syncTransaction { ledger in for entry in entries { try ledger.removeDestroyEntry(entry) } }
    }
}
