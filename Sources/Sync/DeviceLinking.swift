import Cryptography
import Foundation
import Identifiers
import Signatures
import Vault
import WireFormat

/// Linking a new device to a counsellor's identity (Protocol/sync.md): the new device sends
/// its public key and a hand-over key; the existing device adds it to every caseload it takes
/// part in (as admin of the home caseload, with its own role elsewhere), drops every case key
/// to the hand-over key, and answers with the identity and all caseload keys, sealed to the
/// new device.
public enum DeviceLinking {
    /// How long a new device keeps its link key (Protocol/sync.md, "Linking a device").
    static let linkKeyLifetime = 7 * KeyPool.day

    /// On the existing device. Returns the new device's id and the code both devices show.
    /// `handOver` syncs this device (with its schema's routing) after the new one was added
    /// and before it is answered: the case keys reach it, sealed to its link key, first.
    public static func offer(
        code: LinkCode, vault: Vault, relay: any RelayTransport, now: @escaping @Sendable () -> UInt64, ready: () -> Void,
        handOver: () async throws -> Void = {}
    ) async throws -> (device: String, comparison: String) {
        let home = try Caseload.home(of: vault)
        let identity = try vault.identity()
        let counsellorKey = try CounsellorKey.of(vault)
        var syncs: [(Caseload, MembershipSync, Membership)] = []
        for caseload in try Caseload.all(in: vault) {
            let sync = MembershipSync(vault: vault, caseload: caseload, relay: relay, keys: identity.signing)
            do { syncs.append((caseload, sync, try await sync.run())) } catch SyncError.removed where !caseload.isHome { continue }
        }
        var newDevice: SigningPublicKey?
        try await LinkMailbox.host(code: code, relay: relay, ready: ready) { request in
            // Its device key, and since key pools its link key (a one-time key, number 0 for this device).
            guard request.count == 32 || request.count == 64, let device = SigningPublicKey(bytes: Array(request.prefix(32))) else {
                throw SyncError.linkRejected("the new device sent no key")
            }
            newDevice = device
            var entries: [Grant.Entry] = []
            for (caseload, sync, current) in syncs {
                var membership = current
                let role = membership.members[identity.signing.publicKey]?.role ?? .reader
                try await sync.append(.add(device: device, role: caseload.isHome ? .admin : role, by: counsellorKey, id: home.counsellor),
                                after: &membership, milliseconds: now())
                entries.append(try Grant.entry(for: caseload, vault: vault))
            }
            var grant = Grant(counsellor: home.counsellor.description, relay: relay.address,
                              home: home.id.description, caseloads: entries)
            if request.count == 64 {
                try await Self.handOver(to: device, linkKey: Array(request.suffix(32)), in: home.id, vault: vault, now: now, handOver)
                grant.linkedBy = Hex.encode(identity.signing.publicKey.bytes)
            }
            grant.name = try vault.sealedSetting(Caseload.nameSetting).map { String(decoding: $0, as: UTF8.self) }
            return try grant.sealed(to: device)
        }
        guard let newDevice else { throw SyncError.linkRejected("the new device did not answer") }
        return (DeviceIdentity.deviceID(of: newDevice).description, ComparisonCode.devices(identity.signing.publicKey, newDevice))
    }

    /// On the new device, whose vault was just created: asks to join and stores what the
    /// existing device grants. `relay` has no identity (this device is not a member yet).
    /// The caller syncs afterwards.
    public static func join(code: LinkCode, vault: Vault, relay: any RelayTransport, now: @Sendable () -> UInt64 = Vault.systemClock) async throws {
        let identity = try vault.identity()
        let linkKey = try BoxKeyPair.generate()
        let sealed = try await LinkMailbox.ask(code: code, relay: relay, request: identity.signing.publicKey.bytes + linkKey.publicKey)
        let grant = try Grant.open(sealed, with: identity.signing)
        guard let counsellor = grant.counsellor.flatMap(CounsellorID.init(hex:)), let home = grant.home.flatMap(CaseloadID.init(hex:))
        else { throw SyncError.linkRejected("the answer was not for this device") }
        try vault.setSealedSetting(Caseload.counsellorSetting, counsellor.bytes)
        try vault.setSealedSetting(Caseload.caseloadSetting, home.bytes)
        try vault.setSealedSetting(Caseload.relaySetting, Array(relay.address.utf8))
        if let name = grant.name { try vault.setSealedSetting(Caseload.nameSetting, Array(name.utf8)) }
        // The hand-over key first: a vault that cannot take it stores nothing of the grant.
        try keep(linkKey, from: grant, in: home, vault: vault, now: now)
        try grant.store(in: vault)
    }

    /// On the host of a link or an invitation: keeps the guest's link key as its one-time key
    /// number 0 in `caseload` for this device, then runs `sync`, whose handing over drops the
    /// case keys to it before the guest is answered.
    static func handOver(to guest: SigningPublicKey, linkKey: [UInt8], in caseload: CaseloadID, vault: Vault, now: @Sendable () -> UInt64,
                         _ sync: () async throws -> Void) async throws {
        let key = PeerBoxKey(publisher: guest.bytes, kind: .oneTime, number: 0, publicKey: linkKey, notAfter: now() + linkKeyLifetime)
        try vault.syncTransaction { ledger in
            try ledger.addPeerKey(caseload, key)
            // A guest that sends a hand-over key reads case content: keyed cases may be opened now.
            try ledger.noteCapable(caseload, device: guest.bytes)
        }
        try await sync()
    }

    /// On the guest: the host sealed the case keys to the hand-over key, so its private half
    /// is kept as this device's first one-time key in `caseload` for the host, deleted once
    /// its drop is opened (or a week after its `not after`, like any one-time key).
    static func keep(_ linkKey: BoxKeyPair, from grant: Grant, in caseload: CaseloadID, vault: Vault, now: @Sendable () -> UInt64) throws {
        guard let host = grant.linkedBy.flatMap(Hex.decode), host.count == 32 else { return }
        try vault.syncTransaction { ledger in
            let number = try ledger.addOwnBoxKey(caseload, kind: .oneTime, sender: host, notAfter: now() + linkKeyLifetime, pair: linkKey)
            guard number == 0 else { throw SyncError.linkRejected("this vault published keys in that caseload before; start again with a fresh code") }
        }
    }
}
