/// One page of a caseload's envelopes as the relay serves them, in its sequence order.
public struct RelayPage: Sendable {
    /// An envelope's bytes and the sequence number the relay gave it in its caseload.
    public struct Stored: Sendable, Equatable {
        public var sequence: UInt64
        public var bytes: [UInt8]
        public init(sequence: UInt64, bytes: [UInt8]) {
            self.sequence = sequence
            self.bytes = bytes
        }
    }

    public var envelopes: [Stored]
    /// The cursor for the next pull.
    public var next: UInt64
    /// Whether more envelopes wait after this page.
    public var more: Bool

    public init(envelopes: [Stored], next: UInt64, more: Bool) {
        self.envelopes = envelopes
        self.next = next
        self.more = more
    }
}
