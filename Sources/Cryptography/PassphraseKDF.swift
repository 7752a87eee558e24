import CSodium
import Signatures

/// Argon2id (libsodium `crypto_pwhash`) turning a passphrase into a key-encryption key.
public struct PassphraseKDF: Sendable, Equatable, Codable {
    public static let saltLength = Int(crypto_pwhash_SALTBYTES)

    public var opsLimit: UInt64
    public var memLimit: UInt64

    public init(opsLimit: UInt64, memLimit: UInt64) {
        self.opsLimit = opsLimit
        self.memLimit = memLimit
    }

    /// libsodium's interactive limits: 64 MiB, about 0.1 s here.
    public static let interactive = PassphraseKDF(
        opsLimit: UInt64(crypto_pwhash_OPSLIMIT_INTERACTIVE),
        memLimit: UInt64(crypto_pwhash_MEMLIMIT_INTERACTIVE))
    /// libsodium's moderate limits: 256 MiB, about 1 s here. The default for new vaults.
    public static let moderate = PassphraseKDF(
        opsLimit: UInt64(crypto_pwhash_OPSLIMIT_MODERATE),
        memLimit: UInt64(crypto_pwhash_MEMLIMIT_MODERATE))

    /// Costs vp itself may write (up to four times libsodium's "sensitive" setting). A vault
    /// file naming others was altered: a huge memory cost would crash the unlock, a huge
    /// time cost hang it.
    public var isWithinBounds: Bool {
        (UInt64(crypto_pwhash_OPSLIMIT_MIN)...16).contains(opsLimit) && (UInt64(8 << 20)...UInt64(4 << 30)).contains(memLimit)
    }

    public func deriveKey(passphrase: [UInt8], salt: [UInt8]) throws(CryptoError) -> SymmetricKey {
        try Sodium.ensureReady()
        guard salt.count == Self.saltLength else { throw .malformedCiphertext }
        guard isWithinBounds, let memory = Int(exactly: memLimit) else { throw .keyDerivationFailed }
        var derived = [UInt8](repeating: 0, count: SymmetricKey.byteCount)
        defer { secureZero(&derived) }
        // An empty array may have no base address; libsodium still wants a valid pointer.
        let input = passphrase.isEmpty ? [0] : passphrase
        let status = input.withUnsafeBufferPointer { pass in
            pass.withMemoryRebound(to: CChar.self) { chars in
                crypto_pwhash(
                    &derived, UInt64(derived.count), chars.baseAddress!, UInt64(passphrase.count),
                    salt, opsLimit, memory, crypto_pwhash_ALG_ARGON2ID13)
            }
        }
        guard status == 0 else { throw .keyDerivationFailed }
        return try SymmetricKey(bytes: derived)
    }
}
