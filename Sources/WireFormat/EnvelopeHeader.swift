import Identifiers
import Signatures

/// The header of an envelope (Protocol/sync.md): what the relay reads, what the signature
/// and the AEAD cover, and what a stub keeps.
public struct EnvelopeHeader: Hashable, Sendable {
    public let caseload: CaseloadID
    public let epoch: UInt32
    public let keyScope: UInt8
    public let author: SigningPublicKey
    public let sequence: UInt64
    /// Nil in a version 1 header.
    public let commitment: EnvelopeCommitment?
    public let nonce: [UInt8]

    public init(_ envelope: Envelope) {
        (caseload, epoch, keyScope, author) = (envelope.caseload, envelope.epoch, envelope.keyScope, envelope.author)
        (sequence, commitment, nonce) = (envelope.sequence, envelope.commitment, envelope.nonce)
    }

    init(reading reader: inout FieldReader) throws(WireError) {
        let version = try reader.u8()
        guard version == 1 || version == Envelope.currentVersion else { throw .unsupportedVersion(version) }
        caseload = CaseloadID(bytes: try reader.raw(16))
        epoch = try reader.u32()
        keyScope = try reader.u8()
        guard let author = SigningPublicKey(bytes: try reader.raw(32)) else { throw .malformed("author key") }
        self.author = author
        sequence = try reader.u64()
        guard (1...Envelope.maximumSequence).contains(sequence) else { throw .malformed("sequence out of range") }
        commitment = version == 1 ? nil : try EnvelopeCommitment(reading: &reader)
        nonce = try reader.raw(Envelope.nonceLength)
    }

    public var bytes: [UInt8] {
        Envelope.header(caseload: caseload, epoch: epoch, keyScope: keyScope, author: author, sequence: sequence, commitment: commitment, nonce: nonce)
    }
}
