import Cryptography
import Foundation
import Identifiers
import Signatures
import Vault
import WireFormat

/// A caseload this vault takes part in: the counsellor's own (home) one, never shared, or
/// one shared with co-counsellors.
public struct Caseload: Sendable {
    public static let counsellorSetting = "counsellor_id"
    public static let caseloadSetting = "home_caseload"
    public static let relaySetting = "relay_url"
    /// Set when the counsellor allowed plain http to a relay on another computer.
    static let insecureSetting = "relay_insecure"
    /// The counsellor's display name, told to the members of shared caseloads.
    public static let nameSetting = "counsellor_name"
    /// The name of the home caseload in `vp caseload list`.
    public static let homeName = "eigen"

    public let id: CaseloadID
    public let counsellor: CounsellorID
    public let name: String
    public let isHome: Bool

    /// Makes a new counsellor identity and home caseload on a new vault: the counsellor key
    /// comes from the home caseload's first key, the counsellor id from the counsellor key.
    @discardableResult
    public static func createHome(in vault: Vault, milliseconds: UInt64) throws -> Caseload {
        let firstKey = SymmetricKey.random()
        let counsellorKey = CounsellorKey.derive(fromHomeKey: firstKey)
        let counsellor = CounsellorID(key: counsellorKey.publicKey)
        try vault.setSealedSetting(counsellorSetting, counsellor.bytes)
        let caseload = try create(named: homeName, in: vault, counsellor: counsellor, counsellorKey: counsellorKey, firstKey: firstKey,
                                  milliseconds: milliseconds, home: true)
        try vault.setSealedSetting(caseloadSetting, caseload.id.bytes)
        return caseload
    }

    /// A new caseload with this device as its first admin: epoch 0 key and the first
    /// membership entry. It reaches the relay at the next sync.
    public static func create(named name: String, in vault: Vault, milliseconds: UInt64) throws -> Caseload {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw SyncError.unknownCaseload(name) }
        guard try all(in: vault).allSatisfy({ $0.name.lowercased() != trimmed.lowercased() }) else { throw SyncError.caseloadExists(trimmed) }
        guard let counsellor = try vault.sealedSetting(counsellorSetting) else { throw SyncError.notSetUp }
        let counsellorKey = try CounsellorKey.of(vault)
        guard CounsellorID(key: counsellorKey.publicKey) == CounsellorID(bytes: counsellor) else { throw SyncError.identityFromBeforeVersion2 }
        return try create(named: trimmed, in: vault, counsellor: CounsellorID(bytes: counsellor), counsellorKey: counsellorKey,
                          firstKey: .random(), milliseconds: milliseconds, home: false)
    }

    private static func create(
        named name: String, in vault: Vault, counsellor: CounsellorID, counsellorKey: SigningKeyPair, firstKey: SymmetricKey,
        milliseconds: UInt64, home: Bool
    ) throws -> Caseload {
        let caseload = Caseload(id: CaseloadID(bytes: SecureRandom.bytes(16)), counsellor: counsellor, name: name, isHome: home)
        let identity = try vault.identity()
        let genesis = MembershipEntry(
            caseload: caseload.id, after: nil, author: identity.signing, milliseconds: milliseconds,
            action: .add(device: identity.signing.publicKey, role: .admin, by: counsellorKey, id: counsellor))
        try vault.syncTransaction { ledger in
            try ledger.registerCaseload(caseload.id, name: name)
            try ledger.storeEpochKey(caseload.id, epoch: 0, key: firstKey)
            try ledger.appendMembershipEntry(caseload.id, sequence: 0, entry: genesis.bytes)
        }
        return caseload
    }

    /// The home caseload of this vault.
    public static func home(of vault: Vault) throws -> Caseload {
        guard let id = try vault.sealedSetting(caseloadSetting), let counsellor = try vault.sealedSetting(counsellorSetting) else {
            throw SyncError.notSetUp
        }
        return Caseload(id: CaseloadID(bytes: id), counsellor: CounsellorID(bytes: counsellor), name: homeName, isHome: true)
    }

    /// Every caseload of this vault, the home one first, then by name.
    public static func all(in vault: Vault) throws -> [Caseload] {
        let home = try home(of: vault)
        let registered = try vault.syncRead { try $0.caseloads() }
        let shared = registered.filter { $0.id != home.id }
            .map { Caseload(id: $0.id, counsellor: home.counsellor, name: $0.name, isHome: false) }
            .sorted { $0.name.lowercased() < $1.name.lowercased() }
        return [home] + shared
    }

    /// Finds a caseload by name, ignoring case.
    public static func named(_ name: String, in vault: Vault) throws -> Caseload {
        let wanted = name.trimmingCharacters(in: .whitespaces).lowercased()
        guard let match = try all(in: vault).first(where: { $0.name.lowercased() == wanted }) else {
            throw SyncError.unknownCaseload(name)
        }
        return match
    }

    /// The verified membership from the local log.
    public func membership(in vault: Vault) throws -> Membership {
        let entries = try vault.syncRead { try $0.membershipEntries(id) }
        return try Membership(entries: entries.map { try MembershipEntry(bytes: $0) })
    }

    /// The relay URL to use: the one given or the remembered one (`RelayAddress`). A given
    /// one is remembered only once it answered (`remember`), so a typo is not kept.
    public static func relayURL(_ given: String?, insecure: Bool = false, vault: Vault) throws -> URL {
        if let given { return try RelayAddress.parse(given, insecure: insecure) }
        guard let stored = try vault.sealedSetting(relaySetting) else { throw SyncError.noRelay }
        return try RelayAddress.parse(String(decoding: stored, as: UTF8.self), insecure: try vault.sealedSetting(insecureSetting) == [1])
    }

    public static func remember(relay: String, insecure: Bool, in vault: Vault) throws {
        try vault.setSealedSetting(relaySetting, Array(relay.utf8))
        try vault.setSealedSetting(insecureSetting, [insecure ? 1 : 0])
    }
}

extension Caseload {
    /// Which counsellor each device works for, from every membership log this vault holds
    /// (removed devices included): the operations a device signed are that counsellor's. A
    /// device that two logs give to different counsellors is left out (an admin of one
    /// caseload wrote something false about it), so nothing is credited to the wrong person.
    public static func counsellorsByDevice(in vault: Vault) throws -> [DeviceID: CounsellorID] {
        var result: [DeviceID: CounsellorID] = [:]
        var contested: Set<DeviceID> = []
        for caseload in try all(in: vault) {
            for entry in try caseload.membership(in: vault).entries {
                guard case .add(let device, _, let counsellor, _) = entry.action else { continue }
                let id = DeviceIdentity.deviceID(of: device)
                if let known = result[id], known != counsellor { contested.insert(id) }
                result[id] = counsellor
            }
        }
        for id in contested { result[id] = nil }
        return result
    }

    /// Counsellor id → counsellor key, from the certificates of the signed membership logs
    /// (the log binds an id to the key it is made from).
    public static func counsellorKeys(in vault: Vault) throws -> [CounsellorID: SigningPublicKey] {
        var result: [CounsellorID: SigningPublicKey] = [:]
        for caseload in try all(in: vault) {
            for entry in try caseload.membership(in: vault).entries {
                guard case .add(_, _, let counsellor, let certificate?) = entry.action else { continue }
                result[counsellor] = certificate.counsellorKey
            }
        }
        return result
    }
}

import Replica

extension Caseload {
    /// The record that carries this counsellor's display name in this caseload: the same id
    /// on every device, so a later name replaces an earlier one.
    public func profileRecord() -> RecordID { profileRecord(of: counsellor) }

    /// The same for another counsellor (a reader, whose name an admin writes).
    public func profileRecord(of counsellor: CounsellorID) -> RecordID { Self.record("vertrouwd:counsellor-profile:v1", counsellor.bytes + id.bytes) }

    /// The record in the own caseload that tells the counsellor's own devices of this one:
    /// the same on every such device, so their grants merge into one; made from the own
    /// caseload's id, which colleagues do not know, so none can take that record first.
    public func grantRecord(home: Caseload) -> RecordID { Self.record("vertrouwd:shared-caseload-grant:v1", home.id.bytes + id.bytes) }

    private static func record(_ label: String, _ input: [UInt8]) -> RecordID {
        let digest = Digest.labelled(label, input)
        return RecordID(high: BigEndian.uint64(digest.prefix(8)), low: BigEndian.uint64(digest[8..<16]))
    }
}
