import Cryptography
import Foundation
import Identifiers
import Signatures
import Vault
import WireFormat

/// Removing devices from a caseload: each removal is followed by a rotation to a new epoch
/// whose key is sealed to the remaining devices only; the old key is sealed under the new
/// one so those who stay keep the whole history.
enum MembershipRemoval {
    static func remove(
        _ device: SigningPublicKey, with sync: MembershipSync, membership: inout Membership, vault: Vault, now: @escaping @Sendable () -> UInt64
    ) async throws {
        let keys = try vault.syncRead { try $0.epochKeys(sync.caseload.id) }
        guard let oldKey = keys[membership.epoch] else { throw SyncError.removed }
        // What this device accepted from the removed one is all that may count from it.
        let ceiling = try vault.syncRead { try $0.acceptedWithoutGaps(sync.caseload.id, author: device.bytes) }
        try await sync.append(.remove(device: device, ceiling: ceiling), after: &membership, milliseconds: now())
        let newKey = SymmetricKey.random()
        var newBytes = newKey.exportBytes()
        defer { secureZero(&newBytes) }
        let sealedKeys = try membership.members.keys.sorted().map { member in
            MembershipEntry.SealedKey(recipient: member, sealed: try SealedBox.seal(newBytes, to: member))
        }
        var oldBytes = oldKey.exportBytes()
        defer { secureZero(&oldBytes) }
        let previous = try SecretBox.seal(oldBytes, key: newKey, associatedData: Array("vertrouwd:previous-epoch-key:v1".utf8))
        try await sync.append(.rotate(epoch: membership.epoch + 1, sealedKeys: sealedKeys, previousKey: previous), after: &membership, milliseconds: now())
    }
}

/// Removes a lost device from the caseloads where this device is an admin (always the
/// home caseload): the relay refuses it and it cannot read anything written afterwards.
public enum DeviceRevocation {
    /// `id` is a device id (16 hex digits) or a prefix of it, as `vp device list` shows.
    public static func revoke(_ id: String, vault: Vault, relay: any RelayTransport, now: @escaping @Sendable () -> UInt64) async throws -> String {
        let identity = try vault.identity()
        var caseloads: [(sync: MembershipSync, membership: Membership, isHome: Bool)] = []
        for caseload in try Caseload.all(in: vault) {
            let sync = MembershipSync(vault: vault, caseload: caseload, relay: relay, keys: identity.signing)
            do {
                caseloads.append((sync, try await sync.run(), caseload.isHome))
            } catch SyncError.removed where !caseload.isHome {
                continue  // removed from a shared caseload: nothing to revoke there
            }
        }
        let wanted = id.lowercased()
        let matches = caseloads.first { $0.isHome }!.membership.members.keys.filter { DeviceIdentity.deviceID(of: $0).description.hasPrefix(wanted) }
        guard !wanted.isEmpty, matches.count == 1, let device = matches.first else { throw SyncError.unknownDevice(id) }
        guard device != identity.signing.publicKey else { throw SyncError.cannotRevokeSelf }
        for (sync, current, _) in caseloads where current.members[device] != nil && current.members[identity.signing.publicKey]?.role == .admin {
            var membership = current
            try await MembershipRemoval.remove(device, with: sync, membership: &membership, vault: vault, now: now)
        }
        return DeviceIdentity.deviceID(of: device).description
    }
}

/// Removes a co-counsellor (all their devices) from a shared caseload.
public enum CaseloadRemoval {
    /// `member` is a counsellor id prefix as `vp caseload members` shows. Returns the
    /// number of devices removed.
    public static func remove(_ member: String, from caseload: Caseload, vault: Vault, relay: any RelayTransport, now: @escaping @Sendable () -> UInt64) async throws -> Int {
        let identity = try vault.identity()
        let sync = MembershipSync(vault: vault, caseload: caseload, relay: relay, keys: identity.signing)
        var membership = try await sync.run()
        guard membership.members[identity.signing.publicKey]?.role == .admin else { throw SyncError.notAdmin(caseload.name) }
        let devices = try membership.devices(ofColleague: member, in: caseload)
        for device in devices {
            try await MembershipRemoval.remove(device, with: sync, membership: &membership, vault: vault, now: now)
        }
        return devices.count
    }
}

extension Membership {
    /// The devices `prefix` names (as `vp caseload members` shows them): all devices of the
    /// one colleague whose counsellor id starts with it, or else the one colleague's device
    /// whose device id does. Never the counsellor's own.
    func devices(ofColleague prefix: String, in caseload: Caseload) throws -> [SigningPublicKey] {
        let wanted = prefix.lowercased()
        guard !wanted.isEmpty else { throw SyncError.unknownCounsellor(prefix) }
        var matching = members.values.filter { $0.counsellor.description.hasPrefix(wanted) }
        if matching.isEmpty { matching = members.values.filter { DeviceIdentity.deviceID(of: $0.device).description.hasPrefix(wanted) } }
        let counsellors = Set(matching.map(\.counsellor))
        guard counsellors.count == 1, matching.count >= 1 else { throw SyncError.unknownCounsellor(prefix) }
        guard counsellors.first != caseload.counsellor else { throw SyncError.cannotRevokeSelf }
        return matching.map(\.device).sorted()
    }
}
