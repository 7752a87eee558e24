import Identifiers
/// A hybrid logical clock for one device. The wall time is passed in, never read here,
/// so merge code stays deterministic and tests can drive time.
public struct HybridClock: Sendable {
    public let device: DeviceID
    public private(set) var last: HybridTimestamp

    public init(device: DeviceID, last: HybridTimestamp = .zero) {
        self.device = device
        self.last = last
    }

    /// How close to the end of its range a clock may come before writing is refused: far
    /// more ticks than one session makes, so a write never meets the end.
    public static let reserveMilliseconds: UInt64 = 3_600_000

    /// The id for a new local operation: later than every timestamp seen so far. At the
    /// very end of the range it stays there instead of wrapping to zero (which would make
    /// every later edit lose); `isExhausted` tells callers to refuse writing long before.
    public mutating func tick(wallMilliseconds: UInt64) -> OperationID {
        let wall = min(wallMilliseconds, HybridTimestamp.maximumMilliseconds)
        if wall > last.milliseconds {
            last = HybridTimestamp(milliseconds: wall, counter: 0)
        } else if last.counter == .max {
            if last.milliseconds < HybridTimestamp.maximumMilliseconds { last = HybridTimestamp(milliseconds: last.milliseconds + 1, counter: 0) }
        } else {
            last = HybridTimestamp(milliseconds: last.milliseconds, counter: last.counter + 1)
        }
        return OperationID(timestamp: last, device: device)
    }

    /// Within `reserveMilliseconds` of the end of the 48-bit range: only a timestamp from
    /// far in the future (year 10889) gets it there, so writing stops with a clear error.
    public var isExhausted: Bool { last.milliseconds > HybridTimestamp.maximumMilliseconds - Self.reserveMilliseconds }

    /// Takes note of a timestamp from another replica so later local ticks sort after it.
    public mutating func observe(_ timestamp: HybridTimestamp) {
        if timestamp > last { last = timestamp }
    }
}
