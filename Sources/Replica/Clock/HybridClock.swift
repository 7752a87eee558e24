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

    /// The id for a new local operation: later than every timestamp seen so far.
    public mutating func tick(wallMilliseconds: UInt64) -> OperationID {
        let wall = wallMilliseconds & 0xFFFF_FFFF_FFFF
        if wall > last.milliseconds {
            last = HybridTimestamp(milliseconds: wall, counter: 0)
        } else if last.counter == .max {
            last = HybridTimestamp(milliseconds: last.milliseconds + 1, counter: 0)
        } else {
            last = HybridTimestamp(milliseconds: last.milliseconds, counter: last.counter + 1)
        }
        return OperationID(timestamp: last, device: device)
    }

    /// Takes note of a timestamp from another replica so later local ticks sort after it.
    public mutating func observe(_ timestamp: HybridTimestamp) {
        if timestamp > last { last = timestamp }
    }
}
