import Cryptography
import Identifiers
import Replica
import Signatures
import WireFormat

/// Seals one case's operations as a key scope 1 envelope, and opens one (Protocol/sync.md,
/// "Case keys"): `inner = XChaCha20-Poly1305(padded batch, ad = header ‖ locator ‖ tag,
/// nonce, content key)`.
public enum CaseEnvelopeSeal {
    public static func seal(
        _ operations: [FieldOperation], caseKey: CaseKey, caseload: CaseloadID, epoch: UInt32, epochKey: SymmetricKey, author: SigningKeyPair,
        sequence: UInt64, commitment: EnvelopeCommitment, nonce: [UInt8] = SecureRandom.bytes(Envelope.nonceLength)
    ) throws -> Envelope {
        let header = Envelope.header(caseload: caseload, epoch: epoch, keyScope: CaseEnvelopeBody.keyScope, author: author.publicKey,
                                     sequence: sequence, commitment: commitment, nonce: nonce)
        let locator = caseKey.locator(epochKey: epochKey, nonce: nonce)
        let tag = CaseEnvelopeBody.tag(tagKey: caseKey.tagKey, nonce: nonce)
        let inner = try SecretBox.seal(Padding.pad(FieldOperation.encode(operations)), key: caseKey.contentKey(epochKey: epochKey), nonce: nonce,
                                       associatedData: header + locator + tag)
        return Envelope.caseContent(caseload: caseload, epoch: epoch, author: author, sequence: sequence, commitment: commitment, nonce: nonce,
                                    locator: locator, tagKey: caseKey.tagKey, inner: inner)
    }

    /// Opens a scope 1 envelope whose signatures and sender are already checked: its tag
    /// must be the case key's (check 7a), its inner part must open under the content key.
    public static func open(_ envelope: Envelope, caseKey: CaseKey, epochKey: SymmetricKey) -> Result<EncodedBatch, EnvelopeSeal.Rejection> {
        guard let body = try? envelope.caseBody(), body.tag == CaseEnvelopeBody.tag(tagKey: caseKey.tagKey, nonce: envelope.nonce),
              let padded = try? SecretBox.open(body.inner, key: caseKey.contentKey(epochKey: epochKey), nonce: envelope.nonce,
                                               associatedData: envelope.header + body.locator + body.tag)
        else { return .failure(.tampered) }
        return EnvelopeSeal.batch(padded, author: envelope.author)
    }
}
