import Cryptography
import Foundation
import GRDB
import Identifiers
import Replica
import Signatures

/// This device's keys and place: its signing key, the counsellor it belongs to, the
/// caseload it syncs and the relay it uses. All sealed in the vault.
public struct DeviceIdentity: Sendable {
    public let signing: SigningKeyPair
    public let device: DeviceID

    /// A device's 64-bit id in operation ids is derived from its public key, so anyone can
    /// check that an operation's device matches the envelope's signer.
    public static func deviceID(of key: SigningPublicKey) -> DeviceID {
        DeviceID(bytes: Array(Digest.labelled("vertrouwd:device-id:v1", key.bytes).prefix(8)))
    }
}

extension Vault {
    /// This device's signing keys, unsealed from the vault.
    public func identity() throws -> DeviceIdentity {
        guard var seed = try sealedSetting("signing_seed") else { throw VaultError.damaged(what: "device key") }
        defer { secureZero(&seed) }
        guard let signing = SigningKeyPair(seed: seed) else { throw VaultError.damaged(what: "device key") }
        return DeviceIdentity(signing: signing, device: device)
    }

    /// A setting sealed under the vault key (relay address, counsellor id, caseload id).
    public func sealedSetting(_ name: String) throws -> [UInt8]? {
        try StorageErrors.map {
            try database.read { db in
                guard let sealed = try Settings.bytes(name, db) else { return nil }
                do { return try sealing.open(sealed, context: .setting(name)) } catch { throw VaultError.damaged(what: "setting \(name)") }
            }
        }
    }

    public func setSealedSetting(_ name: String, _ value: [UInt8]) throws {
        try StorageErrors.map {
            try database.write { db in try Settings.set(name, try sealing.seal(value, context: .setting(name)), db) }
        }
    }
}
