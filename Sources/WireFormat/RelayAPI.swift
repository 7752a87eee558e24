/// JSON bodies of the relay's HTTP API (Protocol/relay-openapi.yaml). Binary objects travel
/// as standard base64.
public enum RelayAPI {
    public struct PushRequest: Codable, Sendable {
        public let envelopes: [String]
        public init(envelopes: [String]) { self.envelopes = envelopes }
    }

    public struct PushResult: Codable, Sendable, Equatable {
        public let id: String
        public let seq: UInt64
        public let duplicate: Bool
        public init(id: String, seq: UInt64, duplicate: Bool) {
            self.id = id
            self.seq = seq
            self.duplicate = duplicate
        }
    }

    public struct PushResponse: Codable, Sendable {
        public let results: [PushResult]
        public init(results: [PushResult]) { self.results = results }
    }

    public struct StoredEnvelope: Codable, Sendable {
        public let seq: UInt64
        public let data: String
        public init(seq: UInt64, data: String) {
            self.seq = seq
            self.data = data
        }
    }

    public struct PullResponse: Codable, Sendable {
        public let envelopes: [StoredEnvelope]
        public let next: UInt64
        public let more: Bool
        public init(envelopes: [StoredEnvelope], next: UInt64, more: Bool) {
            self.envelopes = envelopes
            self.next = next
            self.more = more
        }
    }

    public struct EntryRequest: Codable, Sendable {
        public let entry: String
        public init(entry: String) { self.entry = entry }
    }

    public struct MembershipResponse: Codable, Sendable {
        public let entries: [String]
        public init(entries: [String]) { self.entries = entries }
    }

    public struct LinkMessage: Codable, Sendable {
        public let data: String
        public init(data: String) { self.data = data }
    }

    /// Every 4xx/5xx answer: a stable code and one sentence.
    public struct ErrorBody: Codable, Sendable {
        public let error: String
        public let message: String
        public init(error: String, message: String) {
            self.error = error
            self.message = message
        }
    }
}
