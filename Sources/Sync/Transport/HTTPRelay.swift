import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Cryptography
import Identifiers
import Signatures
import Synchronization
import WireFormat

/// A relay over HTTP(S), every request signed with this device's key (fresh timestamp and
/// nonce each time). Without keys it makes only the guest's unsigned mailbox calls.
public final class HTTPRelay: RelayTransport {
    public let baseURL: URL
    private let keys: SigningKeyPair?
    private let session: URLSession
    private let now: @Sendable () -> UInt64
    private let counters = Mutex(RelayTraffic())

    public init(baseURL: URL, keys: SigningKeyPair?, now: @escaping @Sendable () -> UInt64) {
        self.baseURL = baseURL
        self.keys = keys
        self.now = now
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 60
        configuration.httpMaximumConnectionsPerHost = 2
        session = URLSession(configuration: configuration)
    }

    public var address: String { baseURL.absoluteString }
    public var traffic: RelayTraffic { counters.withLock { $0 } }

    // MARK: RelayTransport

    public func membership(of caseload: CaseloadID) async throws -> [[UInt8]] {
        let answer = try await send("GET", "/v1/caseloads/\(caseload)/membership")
        return try decode(RelayAPI.MembershipResponse.self, answer).entries.map(Self.bytes)
    }

    public func appendMembership(_ entry: [UInt8], to caseload: CaseloadID) async throws {
        _ = try await send("POST", "/v1/caseloads/\(caseload)/membership", body: try json(RelayAPI.EntryRequest(entry: Self.base64(entry))))
    }

    public func push(_ envelopes: [[UInt8]], to caseload: CaseloadID) async throws -> [RelayAPI.PushResult] {
        let body = try json(RelayAPI.PushRequest(envelopes: envelopes.map(Self.base64)))
        return try decode(RelayAPI.PushResponse.self, try await send("POST", "/v1/caseloads/\(caseload)/envelopes", body: body)).results
    }

    public func pull(_ caseload: CaseloadID, after: UInt64) async throws -> RelayPage {
        let page = try decode(RelayAPI.PullResponse.self, try await send("GET", "/v1/caseloads/\(caseload)/envelopes?after=\(after)"))
        return RelayPage(envelopes: page.envelopes.map { RelayPage.Stored(sequence: $0.seq, bytes: Self.bytes($0.data)) },
                         next: page.next, more: page.more)
    }

    public func openMailbox(_ mailbox: [UInt8]) async throws {
        _ = try await send("POST", "/v1/links/\(Hex.encode(mailbox))")
    }

    public func leaveRequest(_ data: [UInt8], in mailbox: [UInt8]) async throws {
        _ = try await send("PUT", "/v1/links/\(Hex.encode(mailbox))/request", body: try json(RelayAPI.LinkMessage(data: Self.base64(data))), signed: false)
    }

    public func request(in mailbox: [UInt8]) async throws -> [UInt8]? {
        try message(try await send("GET", "/v1/links/\(Hex.encode(mailbox))/request"))
    }

    public func leaveResponse(_ data: [UInt8], in mailbox: [UInt8]) async throws {
        _ = try await send("PUT", "/v1/links/\(Hex.encode(mailbox))/response", body: try json(RelayAPI.LinkMessage(data: Self.base64(data))))
    }

    public func takeResponse(from mailbox: [UInt8]) async throws -> [UInt8]? {
        try message(try await send("GET", "/v1/links/\(Hex.encode(mailbox))/response", signed: false))
    }

    // MARK: HTTP

    private struct Answer {
        let status: Int
        let body: [UInt8]
    }

    /// Sends a request; throws for transport failures and for every 4xx/5xx answer.
    private func send(_ method: String, _ target: String, body: [UInt8] = [], signed: Bool = true) async throws -> Answer {
        guard let url = URL(string: target, relativeTo: baseURL) else { throw SyncError.unreachable(address) }
        var request = URLRequest(url: url)
        request.httpMethod = method
        if !body.isEmpty {
            request.httpBody = Data(body)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        if signed, let keys {
            let headers = RequestSignature.sign(
                method: method, target: target, body: body, keys: keys, milliseconds: now(), nonce: SecureRandom.bytes(16))
            for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        }
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: request)
        } catch {
            throw SyncError.unreachable(address)
        }
        guard let status = (response as? HTTPURLResponse)?.statusCode else { throw SyncError.unreachable(address) }
        let bytes = [UInt8](data)
        counters.withLock {
            $0.sent += body.count
            $0.received += bytes.count
        }
        if status >= 400 {
            let refusal = try? JSONDecoder().decode(RelayAPI.ErrorBody.self, from: data)
            throw SyncError.refusal(status: status, code: refusal?.error, message: refusal?.message)
        }
        return Answer(status: status, body: bytes)
    }

    private func message(_ answer: Answer) throws -> [UInt8]? {
        guard answer.status == 200 else { return nil }
        return Self.bytes(try decode(RelayAPI.LinkMessage.self, answer).data)
    }

    private func json<T: Encodable>(_ value: T) throws -> [UInt8] { Array(try JSONEncoder().encode(value)) }

    private func decode<T: Decodable>(_ type: T.Type, _ answer: Answer) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(answer.body))
        } catch {
            throw SyncError.refused(status: answer.status, message: "the answer was not the JSON expected")
        }
    }

    private static func base64(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }
    /// Text that is not base64 becomes no bytes, which every check downstream rejects.
    private static func bytes(_ text: String) -> [UInt8] { Data(base64Encoded: text).map { [UInt8]($0) } ?? [] }
}
