import CSodium
import Identifiers
import Signatures

/// Anonymous public-key encryption (libsodium `crypto_box_seal`) to a device, addressed by
/// its Ed25519 key converted to X25519: how epoch keys and link responses reach a device.
public enum SealedBox {
    public static let overhead = Int(crypto_box_sealbytes())

    public static func seal(_ message: [UInt8], to recipient: SigningPublicKey) throws(CryptoError) -> [UInt8] {
        try Sodium.ensureReady()
        var curve = [UInt8](repeating: 0, count: Int(crypto_box_PUBLICKEYBYTES))
        guard crypto_sign_ed25519_pk_to_curve25519(&curve, recipient.bytes) == 0 else { throw .malformedCiphertext }
        var sealed = [UInt8](repeating: 0, count: message.count + overhead)
        guard crypto_box_seal(&sealed, message, UInt64(message.count), curve) == 0 else { throw .malformedCiphertext }
        return sealed
    }

    public static func open(_ sealed: [UInt8], with keys: SigningKeyPair) throws(CryptoError) -> [UInt8] {
        try Sodium.ensureReady()
        guard sealed.count >= overhead else { throw .malformedCiphertext }
        var curvePublic = [UInt8](repeating: 0, count: Int(crypto_box_PUBLICKEYBYTES))
        var curveSecret = [UInt8](repeating: 0, count: Int(crypto_box_SECRETKEYBYTES))
        defer { secureZero(&curveSecret) }
        guard crypto_sign_ed25519_pk_to_curve25519(&curvePublic, keys.publicKey.bytes) == 0 else { throw .malformedCiphertext }
        _ = keys.withSecretKey { crypto_sign_ed25519_sk_to_curve25519(&curveSecret, $0) }
        var message = [UInt8](repeating: 0, count: sealed.count - overhead)
        guard crypto_box_seal_open(&message, sealed, UInt64(sealed.count), curvePublic, curveSecret) == 0 else {
            throw .authenticationFailed
        }
        return message
    }
}
