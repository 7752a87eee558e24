import CSodium
import Identifiers

extension SigningPublicKey {
    /// Checks an Ed25519 signature over `message` by this key.
    public func verifies(_ signature: [UInt8], of message: [UInt8]) -> Bool {
        guard Sodium.ready, signature.count == Int(crypto_sign_BYTES) else { return false }
        return crypto_sign_verify_detached(signature, message, UInt64(message.count), bytes) == 0
    }
}

/// An Ed25519 key pair; the secret half is zeroed when the pair is released.
///
/// `@unchecked Sendable`: the secret is written once in `init` and only read afterwards.
public final class SigningKeyPair: @unchecked Sendable {
    public static let seedLength = Int(crypto_sign_SEEDBYTES)
    public static let signatureLength = Int(crypto_sign_BYTES)
    public let publicKey: SigningPublicKey
    private let secret: UnsafeMutableRawBufferPointer

    /// The key pair of a 32-byte seed (deterministic: the seed is what a vault stores).
    public init?(seed: [UInt8]) {
        guard Sodium.ready, seed.count == Self.seedLength else { return nil }
        var publicBytes = [UInt8](repeating: 0, count: SigningPublicKey.byteCount)
        secret = .allocate(byteCount: Int(crypto_sign_SECRETKEYBYTES), alignment: 16)
        _ = crypto_sign_seed_keypair(&publicBytes, secret.baseAddress!.assumingMemoryBound(to: UInt8.self), seed)
        publicKey = SigningPublicKey(bytes: publicBytes)!
    }

    public static func generate() -> SigningKeyPair {
        var seed = [UInt8](repeating: 0, count: seedLength)
        _ = Sodium.ready
        randombytes_buf(&seed, seedLength)
        defer { sodium_memzero(&seed, seedLength) }
        return SigningKeyPair(seed: seed)!
    }

    deinit {
        sodium_memzero(secret.baseAddress, secret.count)
        secret.deallocate()
    }

    public func sign(_ message: [UInt8]) -> [UInt8] {
        var signature = [UInt8](repeating: 0, count: Self.signatureLength)
        _ = crypto_sign_detached(
            &signature, nil, message, UInt64(message.count), secret.baseAddress!.assumingMemoryBound(to: UInt8.self))
        return signature
    }

    /// The 32-byte seed, for sealed storage in the vault. Zero it after use.
    public func exportSeed() -> [UInt8] {
        var seed = [UInt8](repeating: 0, count: Self.seedLength)
        _ = crypto_sign_ed25519_sk_to_seed(&seed, secret.baseAddress!.assumingMemoryBound(to: UInt8.self))
        return seed
    }

    /// Runs `body` with the 64-byte libsodium secret key (for conversion to X25519).
    public func withSecretKey<R>(_ body: (UnsafePointer<UInt8>) throws -> R) rethrows -> R {
        try body(UnsafePointer(secret.baseAddress!.assumingMemoryBound(to: UInt8.self)))
    }
}

/// Makes sure libsodium is initialised before any primitive runs (here and in Cryptography).
public enum Sodium {
    /// `sodium_init` is idempotent and thread-safe; it returns 1 when already initialised.
    public static let ready: Bool = sodium_init() >= 0
}
