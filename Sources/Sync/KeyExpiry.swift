import Vault

/// When the keys that carry case keys die (Protocol/sync.md, "Key pools"): a private half a
/// week after its `not after` (a drop sealed just before may still be on its way), a key
/// another device published at its `not after`. Checked at every sync and every unlock, so
/// that a drop the relay withheld cannot be opened after its case is destroyed.
public enum KeyExpiry {
    /// How long a private half outlives its `not after`.
    static let grace = KeyPool.day * 7

    static func isDue(_ key: OwnBoxKey, now: UInt64) -> Bool { key.notAfter + grace <= now }

    static func isDue(_ key: PeerBoxKey, now: UInt64) -> Bool { key.notAfter <= now }

    /// Deletes in every caseload what is due, writing only when something is, then empties
    /// the write-ahead log. Returns how many keys went.
    @discardableResult
    public static func forgetDue(in vault: Vault, now: UInt64) throws -> Int {
        let due = try vault.syncRead { ledger in
            try ledger.caseloads().flatMap { caseload in
                try ledger.ownBoxKeys(caseload.id).filter { isDue($0, now: now) }.map { (own: true, id: $0.id) }
                    + ledger.peerKeys(caseload.id).filter { isDue($0, now: now) }.map { (own: false, id: $0.id) }
            }
        }
        guard !due.isEmpty else { return 0 }
        try vault.syncTransaction { ledger in
            for key in due { try key.own ? ledger.deleteOwnBoxKey(key.id) : ledger.deletePeerKey(key.id) }
        }
        _ = try vault.checkpoint()
        return due.count
    }
}
