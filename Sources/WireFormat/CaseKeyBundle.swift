import Identifiers
import Signatures

/// Case keys for one recipient device, as a drop carries them sealed to one of its published
/// keys (Protocol/sync.md, "Control envelopes"). It names its author, recipient and the key
/// it was sealed to, so a relay cannot pass a bundle off as made for another drop.
public struct CaseKeyBundle: Hashable, Sendable {
    public static let version: UInt8 = 1
    static let maximumKeys: UInt32 = 100_000

    public let author: SigningPublicKey
    public let recipient: SigningPublicKey
    public let kind: ControlMessage.Drop.Kind
    public let number: UInt32
    /// (caseload, case key of 32 bytes) pairs.
    public let keys: [(caseload: CaseloadID, caseKey: [UInt8])]

    public init(author: SigningPublicKey, recipient: SigningPublicKey, kind: ControlMessage.Drop.Kind, number: UInt32,
                keys: [(caseload: CaseloadID, caseKey: [UInt8])]) {
        (self.author, self.recipient, self.kind, self.number, self.keys) = (author, recipient, kind, number, keys)
    }

    public var bytes: [UInt8] {
        var writer = FieldWriter(capacity: 80 + keys.count * 48)
        writer.u8(Self.version)
        writer.raw(author.bytes)
        writer.raw(recipient.bytes)
        writer.u8(kind.rawValue)
        writer.u32(number)
        writer.u32(UInt32(keys.count))
        for pair in keys {
            writer.raw(pair.caseload.bytes)
            writer.raw(pair.caseKey)
        }
        return writer.bytes
    }

    public init(bytes: [UInt8]) throws(WireError) {
        var reader = FieldReader(bytes)
        guard try reader.u8() == Self.version else { throw .malformed("bundle version") }
        guard let author = SigningPublicKey(bytes: try reader.raw(32)), let recipient = SigningPublicKey(bytes: try reader.raw(32)) else {
            throw .malformed("device key")
        }
        guard let kind = ControlMessage.Drop.Kind(rawValue: try reader.u8()) else { throw .malformed("drop kind") }
        (self.author, self.recipient, self.kind) = (author, recipient, kind)
        number = try reader.u32()
        let count = try reader.u32()
        guard count <= Self.maximumKeys else { throw .malformed("too many keys") }
        var keys: [(caseload: CaseloadID, caseKey: [UInt8])] = []
        for _ in 0..<count { keys.append((CaseloadID(bytes: try reader.raw(16)), try reader.raw(32))) }
        self.keys = keys
        guard reader.isAtEnd else { throw .malformed("trailing bytes") }
    }

    /// Whether it was made for `drop` of `author`'s control envelope.
    public func belongs(to drop: ControlMessage.Drop, from author: SigningPublicKey) -> Bool {
        self.author == author && recipient == drop.recipient && kind == drop.kind && number == drop.number
    }

    public static func == (lhs: CaseKeyBundle, rhs: CaseKeyBundle) -> Bool { lhs.bytes == rhs.bytes }
    public func hash(into hasher: inout Hasher) { hasher.combine(bytes) }
}
