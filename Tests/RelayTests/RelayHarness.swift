import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Identifiers
import Signatures
import WireFormat
@testable import Relay

/// A relay router on a temporary SQLite folder, and helpers to sign requests as a device.
struct RelayHarness {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("relay-test-\(UUID().uuidString)")
    let configuration: RelayConfiguration
    let application: Application<RouterResponder<BasicRequestContext>>
    let repository: SQLiteRelayRepository

    init(maximumEnvelopeBytes: Int = 4 << 20, quota: Int64 = 1 << 30, maximumRequestBytes: Int = 64 << 20, openEnrolment: Bool = true,
         requestsPerMinute: Int = 1_200, mailboxesPerDevice: Int = 5, servesMetrics: Bool = false,
         now: @escaping @Sendable () -> UInt64 = { UInt64(Date().timeIntervalSince1970 * 1000) }) throws {
        configuration = RelayConfiguration(
            dataDirectory: folder, maximumEnvelopeBytes: maximumEnvelopeBytes, caseloadQuotaBytes: quota, maximumRequestBytes: maximumRequestBytes,
            servesMetrics: servesMetrics, openEnrolment: openEnrolment, mailboxesPerDevice: mailboxesPerDevice, requestsPerMinute: requestsPerMinute)
        repository = try SQLiteRelayRepository(directory: folder)
        application = Application(router: RelayApplication.buildRouter(
            repository: repository, configuration: configuration, now: now))
    }

    static func headers(_ method: String, _ uri: String, body: [UInt8], as keys: SigningKeyPair, nonce: [UInt8]? = nil) -> HTTPFields {
        let signed = RequestSignature.sign(
            method: method, target: uri, body: body, keys: keys, milliseconds: UInt64(Date().timeIntervalSince1970 * 1000),
            nonce: nonce ?? (0..<16).map { _ in UInt8.random(in: 0...255) })
        var fields = HTTPFields()
        for (name, value) in signed { fields[HTTPField.Name(name)!] = value }
        fields[.contentType] = "application/json"
        return fields
    }

    static func json<T: Encodable>(_ value: T) -> [UInt8] { Array(try! JSONEncoder().encode(value)) }

    static func entryBody(_ entry: MembershipEntry) -> [UInt8] {
        json(RelayAPI.EntryRequest(entry: Data(entry.bytes).base64EncodedString()))
    }

    /// A signed envelope with opaque "ciphertext" (the relay never opens it).
    /// `head` is the last membership entry the author had (its envelope commits to it).
    static func envelope(_ caseload: CaseloadID, by keys: SigningKeyPair, sequence: UInt64, head: MembershipEntry, epoch: UInt32 = 0,
                         size: Int = 64, version1: Bool = false) -> Envelope {
        let nonce = (0..<Envelope.nonceLength).map { _ in UInt8.random(in: 0...255) }
        let ciphertext = (0..<size).map { _ in UInt8.random(in: 0...255) }
        let commitment = version1 ? nil : EnvelopeCommitment(membershipLength: head.sequence + 1, membershipHead: head.hash, marks: [])
        let header = Envelope.header(caseload: caseload, epoch: epoch, keyScope: 0, author: keys.publicKey, sequence: sequence, commitment: commitment, nonce: nonce)
        return Envelope(caseload: caseload, epoch: epoch, author: keys.publicKey, sequence: sequence, commitment: commitment, nonce: nonce,
                        ciphertext: ciphertext, signature: keys.sign(Envelope.signedPart(header: header, ciphertext: ciphertext)))
    }

    static func pushBody(_ envelopes: [Envelope]) -> [UInt8] {
        json(RelayAPI.PushRequest(envelopes: envelopes.map { Data($0.bytes).base64EncodedString() }))
    }
}

extension TestClientProtocol {
    @discardableResult
    func send(_ method: HTTPRequest.Method, _ uri: String, body: [UInt8] = [], as keys: SigningKeyPair?, nonce: [UInt8]? = nil,
              extra: HTTPFields = [:]) async throws -> TestResponse {
        var headers = keys.map { RelayHarness.headers(method.rawValue, uri, body: body, as: $0, nonce: nonce) } ?? [:]
        for field in extra { headers[field.name] = field.value }
        return try await execute(uri: uri, method: method, headers: headers, body: ByteBuffer(bytes: body))
    }
}

extension TestResponse {
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try JSONDecoder().decode(type, from: Data(buffer: body)) }
    var errorCode: String? { try? decode(RelayAPI.ErrorBody.self).error }
}
