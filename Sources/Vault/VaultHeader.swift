import Cryptography

/// What can be read from a vault before it is unlocked: who it is and how to unlock it.
public struct VaultHeader: Sendable, Equatable {
    public let vaultID: [UInt8]
    public let device: [UInt8]
    let kdf: PassphraseKDF
    let salt: [UInt8]
    let wrappedKey: [UInt8]

    /// Runs Argon2id on the passphrase and unwraps the vault key; a wrong one throws.
    public func unlock(passphrase: [UInt8]) throws -> SymmetricKey {
        let kek = try kdf.deriveKey(passphrase: passphrase, salt: salt)
        return try KeyWrapping(vaultID: vaultID).unwrap(wrappedKey, with: kek)
    }
}
