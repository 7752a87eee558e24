import Cryptography
import Foundation
import Identifiers
import Signatures
import Vault
import WireFormat

/// Linking a new device to a counsellor's identity (Protocol/sync.md): the new device sends
/// its public key; the existing device adds it to every caseload it takes part in (as admin
/// of the home caseload, with its own role elsewhere) and answers with the identity and all
/// caseload keys, sealed to the new device.
public enum DeviceLinking {
    /// On the existing device. Returns the new device's id and the code both devices show.
    public static func offer(
        code: LinkCode, vault: Vault, relay: any RelayTransport, now: @escaping @Sendable () -> UInt64, ready: () -> Void
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
            guard let device = SigningPublicKey(bytes: request) else { throw SyncError.linkRejected("the new device sent no key") }
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
            grant.name = try vault.sealedSetting(Caseload.nameSetting).map { String(decoding: $0, as: UTF8.self) }
            return try grant.sealed(to: device)
        }
        guard let newDevice else { throw SyncError.linkRejected("the new device did not answer") }
        return (DeviceIdentity.deviceID(of: newDevice).description, ComparisonCode.devices(identity.signing.publicKey, newDevice))
    }

    /// On the new device, whose vault was just created: asks to join and stores what the
    /// existing device grants. `relay` has no identity (this device is not a member yet).
    /// The caller syncs afterwards.
    public static func join(code: LinkCode, vault: Vault, relay: any RelayTransport) async throws {
        let identity = try vault.identity()
        let sealed = try await LinkMailbox.ask(code: code, relay: relay, request: identity.signing.publicKey.bytes)
        let grant = try Grant.open(sealed, with: identity.signing)
        guard let counsellor = grant.counsellor.flatMap(CounsellorID.init(hex:)), let home = grant.home.flatMap(CaseloadID.init(hex:))
        else { throw SyncError.linkRejected("the answer was not for this device") }
        try vault.setSealedSetting(Caseload.counsellorSetting, counsellor.bytes)
        try vault.setSealedSetting(Caseload.caseloadSetting, home.bytes)
        try vault.setSealedSetting(Caseload.relaySetting, Array(relay.address.utf8))
        if let name = grant.name { try vault.setSealedSetting(Caseload.nameSetting, Array(name.utf8)) }
        try grant.store(in: vault)
    }
}
