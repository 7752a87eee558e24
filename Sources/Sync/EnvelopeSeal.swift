import Cryptography
import Identifiers
import Replica
import Signatures
import Vault
import WireFormat

/// Turns batches of operations into signed, padded, encrypted envelopes and back.
public enum EnvelopeSeal {
    static let context = Array("vertrouwd:envelope:v1".utf8)

    public static func seal(
        _ operations: [FieldOperation], caseload: CaseloadID, epoch: UInt32, key: SymmetricKey, author: SigningKeyPair,
        sequence: UInt64, commitment: EnvelopeCommitment, keyScope: UInt8 = 0
    ) throws -> Envelope {
        try seal(plaintext: FieldOperation.encode(operations), caseload: caseload, epoch: epoch, key: key, author: author, sequence: sequence,
                 commitment: commitment, keyScope: keyScope)
    }

    /// Pads and seals `plaintext` under the epoch key, with the header as associated data:
    /// a batch (key scope 0) or a control message (key scope 2).
    static func seal(
        plaintext: [UInt8], caseload: CaseloadID, epoch: UInt32, key: SymmetricKey, author: SigningKeyPair,
        sequence: UInt64, commitment: EnvelopeCommitment, keyScope: UInt8
    ) throws -> Envelope {
        let nonce = SecureRandom.bytes(Envelope.nonceLength)
        let header = Envelope.header(caseload: caseload, epoch: epoch, keyScope: keyScope, author: author.publicKey, sequence: sequence,
                                     commitment: commitment, nonce: nonce)
        let ciphertext = try SecretBox.seal(Padding.pad(plaintext), key: key, nonce: nonce, associatedData: header)
        let signature = author.sign(Envelope.signedPart(header: header, ciphertext: ciphertext))
        return Envelope(caseload: caseload, epoch: epoch, keyScope: keyScope, author: author.publicKey, sequence: sequence,
                        commitment: commitment, nonce: nonce, ciphertext: ciphertext, signature: signature)
    }

    /// Why an envelope was not applied.
    public enum Rejection: String, Error, CaseIterable, Sendable {
        case malformed, tampered, unknownKey = "unknown_key", notMember = "not_a_member", replayed, forged
        case outsideCaseload = "outside_caseload"
        /// Written under a membership log that differs from the reader's at a position both have.
        case forked
        /// Sealed under a key scope this version does not know (reserved for per-case keys).
        case unknownScope = "unknown_key_scope"
        /// A field only an admin of the caseload may write (a destruction order), by someone else.
        case notAdmin = "not_admin"
        /// A field only one device may write (its receipt), by another.
        case notOwner = "not_owner"
        /// What a relay presented as the stub of a destroyed case's envelope, while this
        /// reader's log holds no destroy order for that case: its number stays missing.
        case stubWithoutDestruction = "stub_without_destruction"
        /// Case content outside its key scope: a case content envelope touching another
        /// record than its case and the case's conversations, or a scope 0 envelope touching
        /// a case this reader knows to have a key of its own.
        case wrongKeyScope = "wrong_key_scope"
    }

    /// Opens an envelope whose signature and sender are already checked; every operation
    /// must carry the author's device id.
    public static func open(_ envelope: Envelope, key: SymmetricKey) -> Result<[FieldOperation], Rejection> {
        openBatch(envelope, key: key).map(\.operations)
    }

    /// As `open`, keeping the operations' encoding as sent (what the vault's log keeps).
    static func openBatch(_ envelope: Envelope, key: SymmetricKey) -> Result<EncodedBatch, Rejection> {
        openPadded(envelope, key: key).flatMap { batch($0, author: envelope.author) }
    }

    /// The padded plaintext of an envelope sealed under the epoch key (`tampered` if it does not open).
    static func openPadded(_ envelope: Envelope, key: SymmetricKey) -> Result<[UInt8], Rejection> {
        guard let padded = try? SecretBox.open(envelope.ciphertext, key: key, nonce: envelope.nonce, associatedData: envelope.header) else {
            return .failure(.tampered)
        }
        return .success(padded)
    }

    /// The batch in an opened, padded plaintext; every operation must carry the author's device id.
    static func batch(_ padded: [UInt8], author: SigningPublicKey) -> Result<EncodedBatch, Rejection> {
        guard let plaintext = try? Padding.unpad(padded), let batch = try? EncodedBatch(decoding: plaintext) else {
            return .failure(.malformed)
        }
        let device = DeviceIdentity.deviceID(of: author)
        guard batch.operations.allSatisfy({ $0.id.device == device }) else { return .failure(.forged) }
        return .success(batch)
    }
}
