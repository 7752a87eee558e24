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
    let relay: RelayClient
    let keys: SigningKeyPair

    private var path: String { "/v1/caseloads/\(caseload.id)/membership" }

    func run() throws -> Membership {
        let local = try vault.syncRead { try $0.membershipEntries(caseload.id.bytes) }.map { try MembershipEntry(bytes: $0) }
        let answer = try relay.send("GET", path, accept: [404])
        let remote: [MembershipEntry]
        if answer.status == 404 {
            remote = []
        } else {
            remote = try relay.decode(RelayAPI.MembershipResponse.self, answer).entries.map { text in
                guard let data = Data(base64Encoded: text) else { throw SyncError.membershipDiverged }
                return try MembershipEntry(bytes: [UInt8](data))
            }
        }
        for (mine, theirs) in zip(local, remote) where mine.hash != theirs.hash { throw SyncError.membershipDiverged }
        for entry in local.dropFirst(remote.count) { try send(entry) }
        var membership = try Membership(entries: local)
        for entry in remote.dropFirst(local.count) {
            do { try membership.append(entry) } catch { throw SyncError.membershipDiverged }
            try keep(entry)
        }
        return membership
    }

    func send(_ entry: MembershipEntry) throws {
        _ = try relay.send("POST", path, body: relay.json(RelayAPI.EntryRequest(entry: Data(entry.bytes).base64EncodedString())))
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
            try ledger.appendMembershipEntry(caseload.id.bytes, sequence: entry.sequence, entry: entry.bytes)
            if let (epoch, key) = epochKey { try ledger.storeEpochKey(caseload.id.bytes, epoch: epoch, key: key) }
        }
    }

    /// Signs `action` after the current head, stores it at the relay first, then locally.
    func append(_ action: MembershipEntry.Action, after membership: inout Membership, milliseconds: UInt64) throws {
        let entry = MembershipEntry(caseload: caseload.id, after: membership.head, author: keys, milliseconds: milliseconds, action: action)
        try membership.append(entry)
        try send(entry)
        try keep(entry)
    }
}
