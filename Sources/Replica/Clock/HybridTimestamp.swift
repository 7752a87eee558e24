/// A hybrid logical clock reading: 48 bits of Unix milliseconds, then a 16-bit counter.
///
/// Packed into one `UInt64` so that integer order is clock order.
public struct HybridTimestamp: Hashable, Comparable, Sendable {
    public static let counterBits: UInt64 = 16
    public static let zero = HybridTimestamp(rawValue: 0)
    /// The latest millisecond the 48 bits hold.
    public static let maximumMilliseconds: UInt64 = (1 << 48) - 1

    public let rawValue: UInt64

    public init(rawValue: UInt64) { self.rawValue = rawValue }

    public init(milliseconds: UInt64, counter: UInt16) {
        rawValue = (milliseconds << Self.counterBits) | UInt64(counter)
    }

    public var milliseconds: UInt64 { rawValue >> Self.counterBits }
    public var counter: UInt16 { UInt16(truncatingIfNeeded: rawValue) }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
