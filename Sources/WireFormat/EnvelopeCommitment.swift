import Identifiers
import Signatures

/// What the author of a version 2 envelope had seen when writing it, signed with the
/// envelope: the membership log (how many entries, the hash of the last) and the highest
/// envelope number it had accepted from each other author. A reader who has a shorter or
/// different log than the one referenced is being shown a fork; a reader whose highest
/// number for an author is below a mark is missing envelopes a relay holds back.
public struct EnvelopeCommitment: Hashable, Sendable {
    public struct Mark: Hashable, Sendable {
        public let author: SigningPublicKey
        public let sequence: UInt64

        public init(author: SigningPublicKey, sequence: UInt64) {
            self.author = author
            self.sequence = sequence
        }
    }

    /// At most this many marks: one per device that ever wrote in the caseload.
    public static let maximumMarks = 4_096

    public let membershipLength: UInt64
    public let membershipHead: [UInt8]
    /// In ascending order of author key, one per author.
    public let marks: [Mark]

    public init(membershipLength: UInt64, membershipHead: [UInt8], marks: [Mark]) {
        self.membershipLength = membershipLength
        self.membershipHead = membershipHead
        self.marks = Array(marks.sorted { $0.author.bytes.lexicographicallyPrecedes($1.author.bytes) }.prefix(Self.maximumMarks))
    }

    func write(into writer: inout FieldWriter) {
        writer.u64(membershipLength)
        writer.raw(membershipHead)
        writer.u32(UInt32(marks.count))
        for mark in marks {
            writer.raw(mark.author.bytes)
            writer.u64(mark.sequence)
        }
    }

    init(reading reader: inout FieldReader) throws(WireError) {
        membershipLength = try reader.u64()
        guard membershipLength <= Envelope.maximumSequence else { throw .malformed("membership length out of range") }
        membershipHead = try reader.raw(Digest.length)
        let count = Int(try reader.u32())
        guard count <= Self.maximumMarks else { throw .malformed("too many marks") }
        var marks: [Mark] = []
        for _ in 0..<count {
            guard let author = SigningPublicKey(bytes: try reader.raw(32)) else { throw .malformed("mark author") }
            if let last = marks.last, !last.author.bytes.lexicographicallyPrecedes(author.bytes) { throw .malformed("marks out of order") }
            let sequence = try reader.u64()
            guard (1...Envelope.maximumSequence).contains(sequence) else { throw .malformed("mark out of range") }
            marks.append(Mark(author: author, sequence: sequence))
        }
        self.marks = marks
    }
}
