import Foundation

/// Failures of the cryptographic layer, each with a sentence a person can act on.
public enum CryptoError: Error, Equatable, LocalizedError {
    case libraryUnavailable
    case authenticationFailed
    case malformedCiphertext
    case keyDerivationFailed
    case invalidKeyLength(Int)

    public var errorDescription: String? {
        switch self {
        case .libraryUnavailable:
            "libsodium could not be initialised; reinstall libsodium and try again."
        case .authenticationFailed:
            "Encrypted data failed its integrity check; it was altered or the key is wrong."
        case .malformedCiphertext:
            "Encrypted data is truncated or malformed; it cannot be opened."
        case .keyDerivationFailed:
            "Deriving a key from the passphrase failed (out of memory?); close other programs and try again."
        case .invalidKeyLength(let length):
            "A key of \(length) bytes was given where 32 are needed; the key material is damaged."
        }
    }
}
