import Cryptography
import Foundation
import Signatures
import Vault
import WireFormat

/// Brings the local membership log and the relay's into agreement: sends entries the relay
/// lacks, verifies and keeps entries it has that we lack, and takes new epoch keys sealed
/// to this device.
struct MembershipSync {
    let vault: Vault
    let caseload: Caseload
    let relay: any RelayTransport
    let keys: SigningKeyPair

    func run() async throws -> Membership {
        let local = try vault.syncRead { try $0.membershipEntries(caseload.id) }.map { try MembershipEntry(bytes: $0) }
        let remote: [MembershipEntry]
        do {
            remote = try await relay.membership(of: caseload.id).map { bytes in
                do { return try MembershipEntry(bytes: bytes) } catch { throw SyncError.membershipDiverged }
            }
        } catch SyncError.refused(404, _) {
            remote = []  // the relay has not seen this caseload yet: its first sync creates it
        }
        for (mine, theirs) in zip(local, remote) where mine.hash != theirs.hash { throw SyncError.membershipDiverged }
        for entry in local.dropFirst(remote.count) { try await send(entry) }
        var membership = try Membership(entries: local)
        for entry in remote.dropFirst(local.count) {
            do { try membership.append(entry) } catch { throw SyncError.membershipDiverged }
            try keep(entry)
        }
        // Removed only when the verified, signed log says so.
        if membership.removed[keys.publicKey] != nil { throw SyncError.removed }
        return membership
    }

    func send(_ entry: MembershipEntry) async throws {
        try await relay.appendMembership(entry.bytes, to: caseload.id)
    }

    /// Stores a verified entry, and the new epoch key if it is sealed to this device.
    func keep(_ entry: MembershipEntry) throws {
        var epochKey: (UInt32, SymmetricKey)?
        if case .rotate(let epoch, let sealedKeys, _) = entry.action,
           let mine = sealedKeys.first(where: { $0.recipient == keys.publicKey }) {
            var bytes = try SealedBox.open(mine.sealed, with: keys)
            defer { secureZero(&bytes) }
            epochKey = (epoch, try SymmetricKey(bytes: bytes))
        }
        try vault.syncTransaction { ledger in
            try ledger.appendMembershipEntry(caseload.id, sequence: entry.sequence, entry: entry.bytes)
            if let (epoch, key) = epochKey { try ledger.storeEpochKey(caseload.id, epoch: epoch, key: key) }
        }
    }

    /// Signs `action` after the current head, stores it at the relay first, then locally.
    func append(_ action: MembershipEntry.Action, after membership: inout Membership, milliseconds: UInt64) async throws {
        let entry = MembershipEntry(caseload: caseload.id, after: membership.head, author: keys, milliseconds: milliseconds, action: action)
        try membership.append(entry)
        try await send(entry)
        try keep(entry)
    }
}
