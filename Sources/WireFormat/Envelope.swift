import Identifiers
import Signatures

/// An encrypted, signed batch of operations: the unit of sync. The relay reads the header
/// and checks the signature; only members holding the epoch key can open the ciphertext.
///
/// Layout (Protocol/sync.md): header ‖ u32 length ‖ ciphertext ‖ Ed25519 signature over all before.
/// Version 2 (written now) carries the author's `EnvelopeCommitment` in the header;
/// version 1 (still read) has none.
public struct Envelope: Hashable, Sendable {
    public static let currentVersion: UInt8 = 2
    public static let nonceLength = 24
    public static let maximumCiphertext = 16 << 20
    /// Envelope numbers (and every other count on the wire) stay below 2^53: stored as
    /// signed 64-bit integers and exact in any JSON reader, far beyond any real device.
    public static let maximumSequence: UInt64 = 1 << 53

    public let caseload: CaseloadID
    public let epoch: UInt32
    /// 0: the caseload's epoch key; 1: case content (`CaseEnvelopeBody`); 2: control
    /// envelopes (reserved: one-time keys, key deliveries, receipts).
    public let keyScope: UInt8
    public let author: SigningPublicKey
    /// 1, 2, 3, … per author and caseload, without gaps: a gap means a withheld envelope.
    public let sequence: UInt64
    /// Nil in a version 1 envelope.
    public let commitment: EnvelopeCommitment?
    public let nonce: [UInt8]
    public let ciphertext: [UInt8]
    public let signature: [UInt8]

    public init(
        caseload: CaseloadID, epoch: UInt32, keyScope: UInt8 = 0, author: SigningPublicKey, sequence: UInt64,
        commitment: EnvelopeCommitment?, nonce: [UInt8], ciphertext: [UInt8], signature: [UInt8]
    ) {
        self.caseload = caseload
        self.epoch = epoch
        self.keyScope = keyScope
        self.author = author
        self.sequence = sequence
        self.commitment = commitment
        self.nonce = nonce
        self.ciphertext = ciphertext
        self.signature = signature
    }

    public var version: UInt8 { commitment == nil ? 1 : Self.currentVersion }

    /// The header bytes: also the associated data of the ciphertext. Without a commitment,
    /// a version 1 header.
    public static func header(
        caseload: CaseloadID, epoch: UInt32, keyScope: UInt8, author: SigningPublicKey, sequence: UInt64,
        commitment: EnvelopeCommitment?, nonce: [UInt8]
    ) -> [UInt8] {
        var writer = FieldWriter(capacity: 256)
        writer.u8(commitment == nil ? 1 : currentVersion)
        writer.raw(caseload.bytes)
        writer.u32(epoch)
        writer.u8(keyScope)
        writer.raw(author.bytes)
        writer.u64(sequence)
        commitment?.write(into: &writer)
        writer.raw(nonce)
        return writer.bytes
    }

    public var header: [UInt8] {
        Self.header(caseload: caseload, epoch: epoch, keyScope: keyScope, author: author, sequence: sequence, commitment: commitment, nonce: nonce)
    }

    /// What the signature covers: the header and the length-prefixed ciphertext.
    public static func signedPart(header: [UInt8], ciphertext: [UInt8]) -> [UInt8] {
        var writer = FieldWriter(capacity: header.count + 4 + ciphertext.count)
        writer.raw(header)
        writer.block(ciphertext)
        return writer.bytes
    }

    public var bytes: [UInt8] { Self.signedPart(header: header, ciphertext: ciphertext) + signature }

    /// The envelope's id: BLAKE2b-256 of its bytes. Pushing the same bytes twice is a no-op.
    public var id: [UInt8] { Digest.blake2b(bytes) }

    public var isSignatureValid: Bool {
        author.verifies(signature, of: Self.signedPart(header: header, ciphertext: ciphertext))
    }

    public init(bytes: [UInt8], maximumCiphertext: Int = Envelope.maximumCiphertext) throws(WireError) {
        var reader = FieldReader(bytes)
        let header = try EnvelopeHeader(reading: &reader)
        (caseload, epoch, keyScope, author) = (header.caseload, header.epoch, header.keyScope, header.author)
        (sequence, commitment, nonce) = (header.sequence, header.commitment, header.nonce)
        ciphertext = try reader.block(limit: maximumCiphertext)
        signature = try reader.raw(SigningKeyPair.signatureLength)
        guard reader.isAtEnd else { throw .malformed("trailing bytes") }
    }
}
