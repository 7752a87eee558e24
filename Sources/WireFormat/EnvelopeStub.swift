import Identifiers
import Signatures

/// What a relay keeps of a scope 1 envelope after its case was destroyed: the header, the
/// locator, the tag and the author's stub signature over them and a digest of the sealed
/// part, which is gone. It still proves that the author wrote an envelope with that number
/// (so readers see no gap), and nothing of the case can be read from it.
///
/// `stub = u8 0xFF ‖ header ‖ locator (16) ‖ tag (16) ‖ stub signature (64) ‖ BLAKE2b-256(inner) (32)`
public struct EnvelopeStub: Hashable, Sendable {
    public static let marker: UInt8 = 0xFF

    public let header: EnvelopeHeader
    public let locator: [UInt8]
    public let tag: [UInt8]
    public let stubSignature: [UInt8]
    public let innerDigest: [UInt8]

    public init(header: EnvelopeHeader, locator: [UInt8], tag: [UInt8], stubSignature: [UInt8], innerDigest: [UInt8]) {
        (self.header, self.locator, self.tag, self.stubSignature, self.innerDigest) = (header, locator, tag, stubSignature, innerDigest)
    }

    public init(bytes: [UInt8]) throws(WireError) {
        var reader = FieldReader(bytes)
        guard try reader.u8() == Self.marker else { throw .malformed("not a stub") }
        header = try EnvelopeHeader(reading: &reader)
        guard header.keyScope == CaseEnvelopeBody.keyScope, header.commitment != nil else {
            throw .malformed("a stub of an envelope that is not version 2 case content")
        }
        locator = try reader.raw(CaseEnvelopeBody.locatorLength)
        tag = try reader.raw(CaseEnvelopeBody.tagLength)
        stubSignature = try reader.raw(SigningKeyPair.signatureLength)
        innerDigest = try reader.raw(Digest.length)
        guard reader.isAtEnd else { throw .malformed("trailing bytes") }
    }

    public var bytes: [UInt8] { [Self.marker] + header.bytes + locator + tag + stubSignature + innerDigest }

    public var isSignatureValid: Bool {
        header.author.verifies(stubSignature, of: CaseEnvelopeBody.stubSigned(header: header.bytes, locator: locator, tag: tag, innerDigest: innerDigest))
    }
}

extension EnvelopeStub {
    /// The stub of the envelope in `bytes` when it is case content of the case whose tag
    /// key is `tagKey` (its tag is that key's tag of its nonce); nil for any other bytes,
    /// a stub already among them.
    public static func of(envelope bytes: [UInt8], tagKey: [UInt8]) -> EnvelopeStub? {
        guard let envelope = try? Envelope(bytes: bytes), let body = try? envelope.caseBody(),
              body.tag == CaseEnvelopeBody.tag(tagKey: tagKey, nonce: envelope.nonce)
        else { return nil }
        return envelope.stub(of: body)
    }
}
