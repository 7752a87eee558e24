import Cryptography
import Foundation
import Signatures
import Vault
import WireFormat

/// Removes a lost device: the relay refuses it from then on, and the caseload moves to a
/// new epoch whose key is sealed to the remaining devices only.
public enum DeviceRevocation {
    /// `id` is a device id (16 hex digits) or a prefix of it, as `vp device list` shows.
    public static func revoke(_ id: String, vault: Vault, relay: RelayClient, now: @escaping @Sendable () -> UInt64) throws -> String {
        let caseload = try Caseload.home(of: vault)
        let identity = try vault.identity()
        let sync = MembershipSync(vault: vault, caseload: caseload, relay: relay, keys: identity.signing)
        var membership = try sync.run()
        let wanted = id.lowercased()
        let matches = membership.members.keys.filter { Hex.encode(DeviceIdentity.deviceID(of: $0)).hasPrefix(wanted) }
        guard !wanted.isEmpty, matches.count == 1, let device = matches.first else { throw SyncError.unknownDevice(id) }
        guard device != identity.signing.publicKey else { throw SyncError.cannotRevokeSelf }
        let keys = try vault.syncTransaction { try $0.epochKeys(caseload.id.bytes) }
        guard let oldKey = keys[membership.epoch] else { throw SyncError.removed }

        try sync.append(.remove(device: device), after: &membership, milliseconds: now())
        let newKey = SymmetricKey.random()
        var newBytes = newKey.exportBytes()
        defer { secureZero(&newBytes) }
        let sealedKeys = try membership.members.keys.sorted().map { member in
            MembershipEntry.SealedKey(recipient: member, sealed: try SealedBox.seal(newBytes, to: member))
        }
        var oldBytes = oldKey.exportBytes()
        defer { secureZero(&oldBytes) }
        let previous = try SecretBox.seal(oldBytes, key: newKey, associatedData: Array("vertrouwd:previous-epoch-key:v1".utf8))
        try sync.append(.rotate(epoch: membership.epoch + 1, sealedKeys: sealedKeys, previousKey: previous),
                        after: &membership, milliseconds: now())
        return Hex.encode(DeviceIdentity.deviceID(of: device))
    }
}
