import Cryptography
import Identifiers
import Signatures
import WireFormat

/// Seals a control message as a key scope 2 envelope, and opens one (Protocol/sync.md,
/// "Key scope 2: control"): padded and sealed under the epoch key like a batch.
public enum ControlEnvelopeSeal {
    public static let keyScope: UInt8 = 2

    public static func seal(_ message: ControlMessage, caseload: CaseloadID, epoch: UInt32, key: SymmetricKey, author: SigningKeyPair,
                     sequence: UInt64, commitment: EnvelopeCommitment) throws -> Envelope {
        try EnvelopeSeal.seal(plaintext: message.bytes, caseload: caseload, epoch: epoch, key: key, author: author, sequence: sequence,
                              commitment: commitment, keyScope: keyScope)
    }

    /// The control message of an envelope whose signature is checked: `tampered` if it does
    /// not open, `malformed` if what opens is not exactly one control message.
    public static func open(_ envelope: Envelope, key: SymmetricKey) -> Result<ControlMessage, EnvelopeSeal.Rejection> {
        EnvelopeSeal.openPadded(envelope, key: key).flatMap { padded in
            guard let plaintext = try? Padding.unpad(padded), let message = try? ControlMessage(bytes: plaintext) else { return .failure(.malformed) }
            return .success(message)
        }
    }
}
