import Identifiers
/// Identifies an operation everywhere: its clock reading, then its device as tie-break.
public struct OperationID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let timestamp: HybridTimestamp
    public let device: DeviceID

    public init(timestamp: HybridTimestamp, device: DeviceID) {
        self.timestamp = timestamp
        self.device = device
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.timestamp, lhs.device) < (rhs.timestamp, rhs.device)
    }

    public var description: String { "\(Hex.encode(timestamp.rawValue))-\(device)" }
}
