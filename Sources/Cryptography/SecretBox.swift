import CSodium
import Signatures

/// Authenticated encryption with XChaCha20-Poly1305 (IETF); sealed = nonce ‖ ciphertext ‖ tag.
///
/// The 24-byte random nonce makes random nonces safe for any number of messages per key.
public enum SecretBox {
    public static let nonceLength = Int(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES)
    public static let tagLength = Int(crypto_aead_xchacha20poly1305_ietf_ABYTES)
    public static let overhead = nonceLength + tagLength

    public static func seal(
        _ plaintext: [UInt8], key: SymmetricKey, associatedData: [UInt8] = []
    ) throws(CryptoError) -> [UInt8] {
        try Sodium.ensureReady()
        var sealed = [UInt8](repeating: 0, count: overhead + plaintext.count)
        sealed.withUnsafeMutableBytes { out in
            randombytes_buf(out.baseAddress!, nonceLength)
            let nonce = out.baseAddress!.assumingMemoryBound(to: UInt8.self)
            key.withUnsafeBytes { keyBytes in
                _ = crypto_aead_xchacha20poly1305_ietf_encrypt(
                    nonce + nonceLength, nil,
                    plaintext, UInt64(plaintext.count),
                    associatedData, UInt64(associatedData.count),
                    nil, nonce, keyBytes.baseAddress!.assumingMemoryBound(to: UInt8.self))
            }
        }
        return sealed
    }

    public static func open(
        _ sealed: [UInt8], key: SymmetricKey, associatedData: [UInt8] = []
    ) throws(CryptoError) -> [UInt8] {
        try Sodium.ensureReady()
        guard sealed.count >= overhead else { throw .malformedCiphertext }
        var plaintext = [UInt8](repeating: 0, count: sealed.count - overhead)
        let status = plaintext.withUnsafeMutableBytes { out in
            sealed.withUnsafeBytes { input in
                key.withUnsafeBytes { keyBytes in
                    let base = input.baseAddress!.assumingMemoryBound(to: UInt8.self)
                    return crypto_aead_xchacha20poly1305_ietf_decrypt(
                        out.baseAddress?.assumingMemoryBound(to: UInt8.self), nil, nil,
                        base + nonceLength, UInt64(sealed.count - nonceLength),
                        associatedData, UInt64(associatedData.count),
                        base, keyBytes.baseAddress!.assumingMemoryBound(to: UInt8.self))
                }
            }
        }
        guard status == 0 else { throw .authenticationFailed }
        return plaintext
    }
}

extension SecretBox {
    /// Seals with a nonce chosen by the caller (an envelope carries it in its header);
    /// returns ciphertext ‖ tag only. Never reuse a nonce with the same key.
    public static func seal(
        _ plaintext: [UInt8], key: SymmetricKey, nonce: [UInt8], associatedData: [UInt8]
    ) throws(CryptoError) -> [UInt8] {
        try Sodium.ensureReady()
        guard nonce.count == nonceLength else { throw .malformedCiphertext }
        var ciphertext = [UInt8](repeating: 0, count: plaintext.count + tagLength)
        key.withUnsafeBytes { keyBytes in
            _ = crypto_aead_xchacha20poly1305_ietf_encrypt(
                &ciphertext, nil, plaintext, UInt64(plaintext.count), associatedData, UInt64(associatedData.count),
                nil, nonce, keyBytes.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        return ciphertext
    }

    public static func open(
        _ ciphertext: [UInt8], key: SymmetricKey, nonce: [UInt8], associatedData: [UInt8]
    ) throws(CryptoError) -> [UInt8] {
        try Sodium.ensureReady()
        guard nonce.count == nonceLength, ciphertext.count >= tagLength else { throw .malformedCiphertext }
        var plaintext = [UInt8](repeating: 0, count: ciphertext.count - tagLength)
        let status = key.withUnsafeBytes { keyBytes in
            crypto_aead_xchacha20poly1305_ietf_decrypt(
                &plaintext, nil, nil, ciphertext, UInt64(ciphertext.count), associatedData, UInt64(associatedData.count),
                nonce, keyBytes.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        guard status == 0 else { throw .authenticationFailed }
        return plaintext
    }
}
