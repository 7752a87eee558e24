import CSodium
import Signatures

/// An X25519 key pair for anonymous sealing (`crypto_box_seal`): a device's one-time and
/// last-resort keys, to which others seal case keys (Protocol/sync.md, "Control envelopes").
/// Its private half is meant to be deleted once used, so that a copy of what was sealed
/// to it opens nothing afterwards.
public struct BoxKeyPair: Sendable {
    public static let keyLength = Int(crypto_box_PUBLICKEYBYTES)
    public let publicKey: [UInt8]
    private let secret: SymmetricKey

    public static func generate() throws(CryptoError) -> BoxKeyPair {
        try Sodium.ensureReady()
        var publicKey = [UInt8](repeating: 0, count: keyLength)
        var secretKey = [UInt8](repeating: 0, count: Int(crypto_box_SECRETKEYBYTES))
        defer { secureZero(&secretKey) }
        crypto_box_keypair(&publicKey, &secretKey)
        return BoxKeyPair(publicKey: publicKey, secret: try SymmetricKey(bytes: secretKey))
    }

    /// The pair of a stored private half.
    public init(secretKey: [UInt8]) throws(CryptoError) {
        try Sodium.ensureReady()
        var publicKey = [UInt8](repeating: 0, count: Self.keyLength)
        guard secretKey.count == Int(crypto_box_SECRETKEYBYTES), crypto_scalarmult_base(&publicKey, secretKey) == 0 else {
            throw .invalidKeyLength(secretKey.count)
        }
        self.init(publicKey: publicKey, secret: try SymmetricKey(bytes: secretKey))
    }

    private init(publicKey: [UInt8], secret: SymmetricKey) {
        self.publicKey = publicKey
        self.secret = secret
    }

    /// The private half, to store sealed; zero it after use.
    public func exportSecretKey() -> [UInt8] { secret.exportBytes() }

    /// Seals `message` so that only the holder of `publicKey`'s private half opens it; the
    /// sender's half is ephemeral and gone at once.
    public static func seal(_ message: [UInt8], to publicKey: [UInt8]) throws(CryptoError) -> [UInt8] {
        try Sodium.ensureReady()
        guard publicKey.count == keyLength else { throw .invalidKeyLength(publicKey.count) }
        var sealed = [UInt8](repeating: 0, count: message.count + SealedBox.overhead)
        guard crypto_box_seal(&sealed, message, UInt64(message.count), publicKey) == 0 else { throw .malformedCiphertext }
        return sealed
    }

    public func open(_ sealed: [UInt8]) throws(CryptoError) -> [UInt8] {
        guard sealed.count >= SealedBox.overhead else { throw .malformedCiphertext }
        var message = [UInt8](repeating: 0, count: sealed.count - SealedBox.overhead)
        let opened = secret.withUnsafeBytes { secretKey in
            crypto_box_seal_open(&message, sealed, UInt64(sealed.count), publicKey, secretKey.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        guard opened == 0 else { throw .authenticationFailed }
        return message
    }
}
