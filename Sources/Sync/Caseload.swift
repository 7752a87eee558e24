import Cryptography
import Foundation
import Signatures
import Vault
import WireFormat

/// The counsellor's own caseload as this vault knows it: id, keys and membership log.
public struct Caseload {
    public static let counsellorSetting = "counsellor_id"
    public static let caseloadSetting = "home_caseload"
    public static let relaySetting = "relay_url"

    public let id: CaseloadID
    public let counsellor: [UInt8]

    /// Makes a new counsellor identity and caseload on a new vault: epoch 0 key and the
    /// first membership entry (this device as admin). Nothing reaches a relay yet.
    @discardableResult
    public static func createHome(in vault: Vault, milliseconds: UInt64) throws -> Caseload {
        let caseload = Caseload(id: CaseloadID(bytes: SecureRandom.bytes(16)), counsellor: SecureRandom.bytes(16))
        let identity = try vault.identity()
        let genesis = MembershipEntry(
            caseload: caseload.id, after: nil, author: identity.signing, milliseconds: milliseconds,
            action: .add(device: identity.signing.publicKey, role: .admin, counsellor: caseload.counsellor))
        try vault.setSealedSetting(counsellorSetting, caseload.counsellor)
        try vault.setSealedSetting(caseloadSetting, caseload.id.bytes)
        try vault.syncTransaction { ledger in
            try ledger.storeEpochKey(caseload.id.bytes, epoch: 0, key: .random())
            try ledger.appendMembershipEntry(caseload.id.bytes, sequence: 0, entry: genesis.bytes)
        }
        return caseload
    }

    /// The caseload of this vault.
    public static func home(of vault: Vault) throws -> Caseload {
        guard let id = try vault.sealedSetting(caseloadSetting), let counsellor = try vault.sealedSetting(counsellorSetting) else {
            throw SyncError.notSetUp
        }
        return Caseload(id: CaseloadID(bytes: id), counsellor: counsellor)
    }

    /// The verified membership from the local log.
    public func membership(in vault: Vault) throws -> Membership {
        let entries = try vault.syncTransaction { try $0.membershipEntries(id.bytes) }
        return try Membership(entries: entries.map { try MembershipEntry(bytes: $0) })
    }

    /// The relay URL to use: the one given (remembered from now on) or the remembered one.
    public static func relayURL(_ given: String?, vault: Vault) throws -> URL {
        if let given {
            guard let url = URL(string: given), url.scheme == "http" || url.scheme == "https", url.host != nil else {
                throw SyncError.unreachable(given)
            }
            try vault.setSealedSetting(relaySetting, Array(given.utf8))
            return url
        }
        guard let stored = try vault.sealedSetting(relaySetting), let url = URL(string: String(decoding: stored, as: UTF8.self)) else {
            throw SyncError.noRelay
        }
        return url
    }
}
