import Cryptography
import WireFormat

/// Failures that mean stored or received data did not verify or decode, so front ends can
/// report damage without knowing the crypto and wire layers' error types.
public enum IntegrityFailure {
    public static func covers(_ error: any Error) -> Bool {
        error is CryptoError || error is WireError
    }
}
