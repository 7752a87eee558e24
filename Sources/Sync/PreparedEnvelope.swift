import Cryptography
import Identifiers
import Replica
import Signatures
import WireFormat

/// What can be learnt of a pulled envelope without this device's bookkeeping: parsed, its
/// signature checked, its contents opened when the key is here. Worked out for a whole page
/// in parallel; `EnvelopeCheck` then judges each in order and uses these only where the
/// protocol's order of checks reaches them.
struct PreparedEnvelope: Sendable {
    let bytes: [UInt8]
    /// nil when the bytes are no envelope of this caseload.
    let envelope: Envelope?
    /// What a relay kept of a destroyed case's envelope, when the bytes are that.
    var stub: EnvelopeStub? = nil
    /// The envelope's signature, or the stub's.
    let isSignatureValid: Bool
    /// The opened operations, or why they could not be opened; nil when there was nothing
    /// to open here (no key for its epoch, another key scope, or this device's own).
    private(set) var contents: Result<EncodedBatch, EnvelopeSeal.Rejection>?
    /// The opened plaintext of a control envelope (key scope 2), or why it could not be opened.
    var control: Result<ControlMessage, EnvelopeSeal.Rejection>? = nil
    /// The case a case content envelope (key scope 1) belongs to, from its locator: opened
    /// later, with the case key, if this device holds it.
    var caseID: [UInt8]? = nil

    /// `ownNext` is the reader's next own number: its own envelopes from there on were made
    /// before its vault was restored from a backup, and are opened like anyone's.
    init(_ bytes: [UInt8], caseload: CaseloadID, keys: [UInt32: SymmetricKey], reader: SigningPublicKey, ownNext: UInt64) {
        self.bytes = bytes
        if bytes.first == EnvelopeStub.marker, let stub = try? EnvelopeStub(bytes: bytes), stub.header.caseload == caseload {
            (self.stub, envelope, isSignatureValid, contents) = (stub, nil, stub.isSignatureValid, nil)
            return
        }
        // A case content envelope's body must parse too (check 1).
        let parsed = try? Envelope(bytes: bytes)
        let body = parsed?.keyScope == CaseEnvelopeBody.keyScope ? try? parsed?.caseBody() : nil
        guard let envelope = parsed, envelope.caseload == caseload, envelope.keyScope != CaseEnvelopeBody.keyScope || body != nil else {
            (self.envelope, isSignatureValid, contents) = (nil, false, nil)
            return
        }
        self.envelope = envelope
        // A case content envelope carries the author's stub signature too (check 2).
        isSignatureValid = envelope.isSignatureValid && (envelope.keyScope != CaseEnvelopeBody.keyScope || envelope.stubSignatureVerifies(body))
        guard isSignatureValid, envelope.author != reader || envelope.sequence >= ownNext, let key = keys[envelope.epoch] else {
            contents = nil
            return
        }
        switch envelope.keyScope {
        case 0: contents = EnvelopeSeal.openBatch(envelope, key: key)
        case ControlEnvelopeSeal.keyScope:
            contents = nil
            control = ControlEnvelopeSeal.open(envelope, key: key)
        case CaseEnvelopeBody.keyScope:
            contents = nil
            caseID = body.map { CaseKey.caseID(locator: $0.locator, epochKey: key, nonce: envelope.nonce) }
        default: contents = nil
        }
    }

    /// This envelope with its case content opened, when it is case content of one of
    /// `caseKeys` (keys held before its delivery) and its epoch's key is here.
    func openingCaseContent(with caseKeys: [[UInt8]: CaseKey], epochKeys: [UInt32: SymmetricKey]) -> PreparedEnvelope {
        guard let caseID, let envelope, let caseKey = caseKeys[caseID], let epochKey = epochKeys[envelope.epoch] else { return self }
        var opened = self
        opened.contents = CaseEnvelopeSeal.open(envelope, caseKey: caseKey, epochKey: epochKey)
        return opened
    }
}
