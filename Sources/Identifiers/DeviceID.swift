/// A device's 64-bit id (one replica): the tie-break between equal clocks and the author of
/// every operation it makes; derived from the device's signing key (Protocol/sync.md).
public struct DeviceID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: UInt64

    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// The id of its 8 big-endian bytes.
    public init(bytes: [UInt8]) { rawValue = BigEndian.uint64(bytes) }

    /// Parses the 16-digit hexadecimal form.
    public init?(hex: String) {
        guard hex.count == 16, let value = UInt64(hex, radix: 16) else { return nil }
        rawValue = value
    }

    public var bytes: [UInt8] { BigEndian.bytes(of: rawValue) }

    public var description: String { Hex.encode(rawValue) }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
