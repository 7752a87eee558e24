import Identifiers
/// A random 128-bit record identifier, chosen by the replica that creates the record.
public struct RecordID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let high: UInt64
    public let low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    public init?(hex: String) {
        guard hex.count == 32,
            let high = UInt64(hex.prefix(16), radix: 16),
            let low = UInt64(hex.suffix(16), radix: 16)
        else { return nil }
        self.init(high: high, low: low)
    }

    /// The id of 16 big-endian bytes (a case id, which a case key certifies).
    public init?(bytes: [UInt8]) {
        guard bytes.count == 16 else { return nil }
        self.init(high: BigEndian.uint64(bytes[0..<8]), low: BigEndian.uint64(bytes[8..<16]))
    }

    public var description: String { Hex.encode(high) + Hex.encode(low) }

    /// Big-endian bytes, used as the record's storage key.
    public var bytes: [UInt8] {
        var writer = ByteWriter()
        writer.write(self)
        return writer.bytes
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { (lhs.high, lhs.low) < (rhs.high, rhs.low) }
}
