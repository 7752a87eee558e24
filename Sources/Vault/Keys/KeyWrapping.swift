import Cryptography

/// The vault key is random; the passphrase only wraps it, so changing the passphrase
/// re-wraps 32 bytes and never re-encrypts content.
struct KeyWrapping {
    let vaultID: [UInt8]

    private var context: [UInt8] { Array("vertrouwd:vault-key:v1".utf8) + vaultID }

    func wrap(_ key: SymmetricKey, with kek: SymmetricKey) throws -> [UInt8] {
        var bytes = key.exportBytes()
        defer { secureZero(&bytes) }
        return try SecretBox.seal(bytes, key: kek, associatedData: context)
    }

    func unwrap(_ wrapped: [UInt8], with kek: SymmetricKey) throws -> SymmetricKey {
        do {
            var bytes = try SecretBox.open(wrapped, key: kek, associatedData: context)
            defer { secureZero(&bytes) }
            return try SymmetricKey(bytes: bytes)
        } catch CryptoError.authenticationFailed {
            throw VaultError.wrongPassphrase
        }
    }
}
