import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
import Cryptography
import Identifiers
import Signatures
import Synchronization
import WireFormat

/// A relay over HTTP(S), every request signed with this device's key (fresh timestamp and
/// nonce each time). Without keys it makes only the guest's unsigned mailbox calls.
public final class HTTPRelay: RelayTransport {
    /// The largest answer read (a page of envelopes is far smaller).
    static let maximumAnswerBytes = 1 << 30
    public let baseURL: URL
    private let keys: SigningKeyPair?
    /// A PEM file of certificates to trust besides the system's (a relay with its own CA).
    private let trustedCertificates: String?
    private let now: @Sendable () -> UInt64
    /// The operator's enrolment token, sent with membership entries when given.
    private let enrolmentToken: String?
    private let counters = Mutex(RelayTraffic())

    public init(baseURL: URL, keys: SigningKeyPair?, trustedCertificates: String? = nil, enrolmentToken: String? = nil,
                now: @escaping @Sendable () -> UInt64) {
        self.baseURL = baseURL
        self.keys = keys
        self.trustedCertificates = trustedCertificates
        self.enrolmentToken = enrolmentToken
        self.now = now
    }

    public func enrolling(with token: String) -> any RelayTransport {
        HTTPRelay(baseURL: baseURL, keys: keys, trustedCertificates: trustedCertificates, enrolmentToken: token, now: now)
    }

    public var address: String { baseURL.absoluteString }
    public var traffic: RelayTraffic { counters.withLock { $0 } }

    // MARK: RelayTransport

    public func membership(of caseload: CaseloadID) async throws -> [[UInt8]] {
        let answer = try await send("GET", "/v1/caseloads/\(caseload)/membership")
        return try decode(RelayAPI.MembershipResponse.self, answer).entries.map(Self.bytes)
    }

    public func appendMembership(_ entry: [UInt8], to caseload: CaseloadID) async throws {
        _ = try await send("POST", "/v1/caseloads/\(caseload)/membership", body: try json(RelayAPI.EntryRequest(entry: Self.base64(entry))),
                           extraHeaders: enrolmentToken.map { [("X-VP-Enrolment", $0)] } ?? [])
    }

    // Envelopes travel in their binary form (`BinaryEnvelopes`); the small calls in JSON.

    public func push(_ envelopes: [[UInt8]], to caseload: CaseloadID) async throws -> [RelayAPI.PushResult] {
        let answer = try await send("POST", "/v1/caseloads/\(caseload)/envelopes", body: BinaryEnvelopes.encodePush(envelopes),
                                    contentType: BinaryEnvelopes.pushType)
        guard answer.contentType == BinaryEnvelopes.receiptsType, let results = try? BinaryEnvelopes.decodeReceipts(answer.body) else {
            throw SyncError.refused(status: answer.status, message: "the relay's answer to a push is not a list of receipts")
        }
        return results
    }

    public func pull(_ caseload: CaseloadID, after: UInt64) async throws -> RelayPage {
        try await page("/v1/caseloads/\(caseload)/envelopes?after=\(after)")
    }

    public func pull(_ caseload: CaseloadID, after: UInt64, waitingUpTo seconds: Int) async throws -> RelayPage {
        try await page("/v1/caseloads/\(caseload)/envelopes?after=\(after)&wait=\(seconds)")
    }

    public func pull(_ caseload: CaseloadID, author: SigningPublicKey, after: UInt64) async throws -> RelayPage {
        try await page("/v1/caseloads/\(caseload)/envelopes?author=\(author)&after=\(after)")
    }

    private func page(_ target: String) async throws -> RelayPage {
        let answer = try await send("GET", target, accept: BinaryEnvelopes.pageType)
        guard answer.contentType == BinaryEnvelopes.pageType,
              let page = try? BinaryEnvelopes.decodePage(answer.body, limit: Self.maximumAnswerBytes)
        else { throw SyncError.refused(status: answer.status, message: "the relay's answer to a pull is not a page of envelopes") }
        return page
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
        let contentType: String?
        let body: [UInt8]
    }

    /// Sends a request; throws for transport failures and for every 4xx/5xx answer.
    private func send(_ method: String, _ target: String, body: [UInt8] = [], signed: Bool = true, contentType: String = "application/json",
                      accept: String? = nil, extraHeaders: [(String, String)] = []) async throws -> Answer {
        guard let url = URL(string: target, relativeTo: baseURL) else { throw SyncError.unreachable(address) }
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = HTTPMethod(rawValue: method)
        if !body.isEmpty {
            request.body = .bytes(ByteBuffer(bytes: body))
            request.headers.add(name: "Content-Type", value: contentType)
        }
        if let accept { request.headers.add(name: "Accept", value: accept) }
        for (name, value) in extraHeaders { request.headers.add(name: name, value: value) }
        if signed, let keys {
            let headers = RequestSignature.sign(
                method: method, target: target, body: body, keys: keys, milliseconds: now(), nonce: SecureRandom.bytes(16))
            for (name, value) in headers { request.headers.add(name: name, value: value) }
        }
        let client = try RelayHTTPClients.client(trusting: trustedCertificates)
        let status: Int
        let bytes: [UInt8]
        let answerType: String?
        do {
            let response = try await client.execute(request, timeout: .seconds(60))
            status = Int(response.status.code)
            answerType = response.headers.first(name: "Content-Type")
            var buffer = try await response.body.collect(upTo: Self.maximumAnswerBytes)
            bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
        } catch let error as NIOSSLError {
            _ = error
            throw SyncError.untrustedRelay(address)
        } catch {
            throw SyncError.unreachable(address)
        }
        counters.withLock {
            $0.sent += body.count
            $0.received += bytes.count
        }
        if status >= 400 {
            let refusal = try? JSONDecoder().decode(RelayAPI.ErrorBody.self, from: Data(bytes))
            throw SyncError.refusal(status: status, code: refusal?.error, message: refusal?.message)
        }
        return Answer(status: status, contentType: answerType, body: bytes)
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

/// One HTTP client per set of trusted certificates, for the whole process (never shut
/// down: it lives as long as vp). It never follows a redirect: a signed request goes only
/// to the relay it was signed for.
enum RelayHTTPClients {
    private static let clients = Mutex<[String: HTTPClient]>([:])

    static func client(trusting file: String?) throws -> HTTPClient {
        try clients.withLock { clients in
            if let existing = clients[file ?? ""] { return existing }
            var tls = TLSConfiguration.makeClientConfiguration()
            if let file {
                guard let certificates = try? NIOSSLCertificate.fromPEMFile(file), !certificates.isEmpty else {
                    throw SyncError.unreadableTrustFile(file)
                }
                tls.additionalTrustRoots = [.certificates(certificates)]
            }
            var configuration = HTTPClient.Configuration(
                tlsConfiguration: tls, redirectConfiguration: .disallow, timeout: .init(connect: .seconds(15), read: .seconds(60)))
            // A refused connection or an untrusted certificate is said at once, not retried
            // until the timeout: the counsellor's work waits safely on the device anyway.
            configuration.connectionPool.retryConnectionEstablishment = false
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            clients[file ?? ""] = client
            return client
        }
    }
}
