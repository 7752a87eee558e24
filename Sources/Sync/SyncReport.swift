/// What one `vp sync` did, for the summary line and `--json`.
public struct SyncReport: Sendable {
    public var pushedEnvelopes = 0
    public var pushedOperations = 0
    public var pulledEnvelopes = 0
    public var appliedOperations = 0
    public var ownEnvelopes = 0
    public var rejected: [EnvelopeSeal.Rejection: Int] = [:]
    /// Device sequence numbers that never arrived: possibly withheld by the relay.
    public var gaps: [(author: String, from: UInt64, to: UInt64)] = []
    /// Shared caseloads this device was removed from (they are skipped).
    public var removedFrom: [String] = []
    public var bytesUp = 0
    public var bytesDown = 0
    public var seconds = 0.0

    public var rejectedCount: Int { rejected.values.reduce(0, +) }
}

/// Progress of a long sync, for the terminal's progress bar.
public struct SyncProgress: Sendable {
    public enum Phase: String, Sendable { case pushing, pulling }
    public let phase: Phase
    public let envelopes: Int
    public let total: Int?
    public let bytes: Int
    public let seconds: Double
}
