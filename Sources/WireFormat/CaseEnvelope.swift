import Identifiers
import Signatures

/// The body of a key scope 1 envelope, which carries operations of one case sealed under a
/// key derived from that case's own key (Protocol/sync.md, "Case content envelopes"). What
/// the relay can check without any key: the author signed the locator, the tag and a digest
/// of the sealed part (the stub signature), so the envelope can later be cut down to a stub
/// that still proves who wrote what, and when an admin's destroy entry reveals the case's
/// tag key, the relay can find the case's envelopes by their tags.
///
/// `body = locator (16) ‖ tag (16) ‖ stub signature (64) ‖ inner`
public struct CaseEnvelopeBody: Hashable, Sendable {
    public static let keyScope: UInt8 = 1
    public static let locatorLength = 16
    public static let tagLength = 16
    static let stubLabel = Array("vertrouwd:case-envelope:v1".utf8)

    /// The case id hidden under a key of the caseload and epoch (varies with the nonce).
    public let locator: [UInt8]
    /// BLAKE2b-128 keyed with the case's tag key over the nonce.
    public let tag: [UInt8]
    public let stubSignature: [UInt8]
    /// The sealed operations (AEAD ciphertext).
    public let inner: [UInt8]

    public init(locator: [UInt8], tag: [UInt8], stubSignature: [UInt8], inner: [UInt8]) {
        (self.locator, self.tag, self.stubSignature, self.inner) = (locator, tag, stubSignature, inner)
    }

    public init(parsing body: [UInt8]) throws(WireError) {
        var reader = FieldReader(body)
        locator = try reader.raw(Self.locatorLength)
        tag = try reader.raw(Self.tagLength)
        stubSignature = try reader.raw(SigningKeyPair.signatureLength)
        inner = try reader.raw(reader.remaining)
    }

    public var bytes: [UInt8] { locator + tag + stubSignature + inner }

    /// What the stub signature covers: label ‖ 0x00 ‖ header ‖ locator ‖ tag ‖ BLAKE2b-256(inner).
    public static func stubSigned(header: [UInt8], locator: [UInt8], tag: [UInt8], innerDigest: [UInt8]) -> [UInt8] {
        stubLabel + [0] + header + locator + tag + innerDigest
    }

    /// The tag of an envelope with `nonce` for the case whose tag key is `tagKey`.
    public static func tag(tagKey: [UInt8], nonce: [UInt8]) -> [UInt8] {
        Digest.keyed(nonce, key: tagKey, length: tagLength)
    }
}

extension Envelope {
    /// The case body of a scope 1 envelope; nil for another scope.
    public func caseBody() throws(WireError) -> CaseEnvelopeBody? {
        keyScope == CaseEnvelopeBody.keyScope ? try CaseEnvelopeBody(parsing: ciphertext) : nil
    }

    /// For scope 1: the stub signature verifies too (other scopes have none to check).
    public var isStubSignatureValid: Bool { stubSignatureVerifies(try? caseBody()) }

    /// As `isStubSignatureValid`, with the body already parsed (nil: none, or too short to
    /// hold a stub signature, which then fails).
    public func stubSignatureVerifies(_ body: CaseEnvelopeBody?) -> Bool {
        keyScope != CaseEnvelopeBody.keyScope || body.map { stub(of: $0).isSignatureValid } == true
    }

    /// What the relay keeps of this scope 1 envelope once its case is destroyed.
    public func stub(of body: CaseEnvelopeBody) -> EnvelopeStub {
        EnvelopeStub(header: EnvelopeHeader(self), locator: body.locator, tag: body.tag, stubSignature: body.stubSignature,
                     innerDigest: Digest.blake2b(body.inner))
    }
}

extension Envelope {
    /// A scope 1 envelope around `inner` (the case's operations, already sealed): the author
    /// signs the stub first, then the whole envelope.
    public static func caseContent(
        caseload: CaseloadID, epoch: UInt32, author: SigningKeyPair, sequence: UInt64, commitment: EnvelopeCommitment, nonce: [UInt8],
        locator: [UInt8], tagKey: [UInt8], inner: [UInt8]
    ) -> Envelope {
        let header = Envelope.header(caseload: caseload, epoch: epoch, keyScope: CaseEnvelopeBody.keyScope, author: author.publicKey,
                                     sequence: sequence, commitment: commitment, nonce: nonce)
        let tag = CaseEnvelopeBody.tag(tagKey: tagKey, nonce: nonce)
        let stubSignature = author.sign(CaseEnvelopeBody.stubSigned(header: header, locator: locator, tag: tag, innerDigest: Digest.blake2b(inner)))
        let body = CaseEnvelopeBody(locator: locator, tag: tag, stubSignature: stubSignature, inner: inner).bytes
        return Envelope(caseload: caseload, epoch: epoch, keyScope: CaseEnvelopeBody.keyScope, author: author.publicKey, sequence: sequence,
                        commitment: commitment, nonce: nonce, ciphertext: body, signature: author.sign(Envelope.signedPart(header: header, ciphertext: body)))
    }
}
