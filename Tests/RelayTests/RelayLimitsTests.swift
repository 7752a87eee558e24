import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Identifiers
import Signatures
import Testing
import WireFormat
@testable import Relay

/// What keeps one key from taking a relay over: enrolment, request rates, mailboxes and
/// bodies, each with its documented status.
@Suite struct RelayLimitsTests {
    let caseload = CaseloadID(bytes: (0..<16).map { _ in UInt8.random(in: 0...255) })
    let admin = SigningKeyPair.generate()
    let counsellor = SigningKeyPair.generate()

    func genesis(_ caseload: CaseloadID? = nil, by admin: SigningKeyPair? = nil, counsellor: SigningKeyPair? = nil) -> MembershipEntry {
        let admin = admin ?? self.admin
        return MembershipEntry(caseload: caseload ?? self.caseload, after: nil, author: admin, milliseconds: 1,
                               action: .add(device: admin.publicKey, role: .admin, by: counsellor ?? self.counsellor))
    }

    var base: String { "/v1/caseloads/\(caseload)" }

    static func enrolment(_ token: String) -> HTTPFields { [HTTPField.Name(EnrolmentToken.header)!: token] }

    @Test func aCaseloadIsCreatedOnlyWithAnEnrolmentTokenUsedOnce() async throws {
        let harness = try RelayHarness(openEnrolment: false)
        let (token, hash) = EnrolmentToken.generate()
        try await harness.repository.addEnrolmentToken(hash: hash, expires: UInt64(Date().timeIntervalSince1970 * 1000) + 3_600_000)
        try await harness.application.test(.router) { client async throws in
            let body = RelayHarness.entryBody(genesis())
            let refused = try await client.send(.post, "\(base)/membership", body: body, as: admin)
            #expect(refused.status == .forbidden && refused.errorCode == "enrolment_required")
            let malformed = try await client.send(.post, "\(base)/membership", body: body, as: admin, extra: Self.enrolment("letmein"))
            #expect(malformed.status == .badRequest && malformed.errorCode == "bad_token")
            let forged = try await client.send(.post, "\(base)/membership", body: body, as: admin,
                                               extra: Self.enrolment(EnrolmentToken.generate().text))
            #expect(forged.status == .forbidden && forged.errorCode == "enrolment_required")
            #expect(try await client.send(.post, "\(base)/membership", body: body, as: admin, extra: Self.enrolment(token)).status == .created)

            // The enrolled counsellor creates more without it; another counsellor cannot reuse it.
            let second = CaseloadID(bytes: (0..<16).map { _ in UInt8.random(in: 0...255) })
            let more = try await client.send(.post, "/v1/caseloads/\(second)/membership", body: RelayHarness.entryBody(genesis(second)), as: admin)
            #expect(more.status == .created)
            let stranger = SigningKeyPair.generate()
            let third = CaseloadID(bytes: (0..<16).map { _ in UInt8.random(in: 0...255) })
            let reused = try await client.send(.post, "/v1/caseloads/\(third)/membership",
                                               body: RelayHarness.entryBody(genesis(third, by: stranger, counsellor: SigningKeyPair.generate())),
                                               as: stranger, extra: Self.enrolment(token))
            #expect(reused.status == .forbidden && reused.errorCode == "enrolment_required")
        }
    }

    @Test func aDeviceOverItsRequestRateIsToldWhenToComeBack() async throws {
        // The relay's clock stands still: on a loaded machine 20 s between two requests would
        // refill the bucket and the test would measure the machine, not the limit.
        let start = UInt64(Date().timeIntervalSince1970 * 1000)
        let harness = try RelayHarness(requestsPerMinute: 3, now: { start })
        try await harness.application.test(.router) { client async throws in
            try await client.send(.post, "\(base)/membership", body: RelayHarness.entryBody(genesis()), as: admin)
            for _ in 0..<2 { #expect(try await client.send(.get, "\(base)/envelopes", as: admin).status == .ok) }
            let limited = try await client.send(.get, "\(base)/envelopes", as: admin)
            #expect(limited.status == .tooManyRequests && limited.errorCode == "rate_limited")
            #expect(limited.headers[.retryAfter].flatMap { Int($0) }.map { (1...20).contains($0) } == true)
            // Another device is not affected.
            let other = SigningKeyPair.generate()
            #expect(try await client.send(.get, "\(base)/envelopes", as: other).errorCode == "not_a_member")
        }
    }

    @Test func aDeviceHasOnlySoManyLinkCodesOpen() async throws {
        let harness = try RelayHarness(mailboxesPerDevice: 2)
        try await harness.application.test(.router) { client async throws in
            for _ in 0..<2 {
                let link = Hex.encode((0..<32).map { _ in UInt8.random(in: 0...255) })
                #expect(try await client.send(.post, "/v1/links/\(link)", as: admin).status == .created)
            }
            let link = Hex.encode((0..<32).map { _ in UInt8.random(in: 0...255) })
            let refused = try await client.send(.post, "/v1/links/\(link)", as: admin)
            #expect(refused.status == .tooManyRequests && refused.errorCode == "mailbox_limit")
        }
    }

    @Test func binaryEnvelopesGoInAndComeOutAsWritten() async throws {
        let harness = try RelayHarness(maximumEnvelopeBytes: 2_000)
        try await harness.application.test(.router) { client async throws in
            try await client.send(.post, "\(base)/membership", body: RelayHarness.entryBody(genesis()), as: admin)
            let envelopes = (1...3).map { RelayHarness.envelope(caseload, by: admin, sequence: UInt64($0), head: genesis()).bytes }
            let binary: HTTPFields = [.contentType: BinaryEnvelopes.pushType]
            let pushed = try await client.send(.post, "\(base)/envelopes", body: BinaryEnvelopes.encodePush(envelopes), as: admin, extra: binary)
            #expect(pushed.headers[.contentType] == BinaryEnvelopes.receiptsType)
            let receipts = try BinaryEnvelopes.decodeReceipts(Array(pushed.body.readableBytesView))
            #expect(receipts.map(\.seq) == [1, 2, 3] && receipts.allSatisfy { !$0.duplicate })
            let page = try await client.send(.get, "\(base)/envelopes?after=1", as: admin, extra: [.accept: BinaryEnvelopes.pageType])
            let decoded = try BinaryEnvelopes.decodePage(Array(page.body.readableBytesView), limit: 1 << 20)
            #expect(decoded.envelopes.map(\.bytes) == Array(envelopes[1...]) && decoded.next == 3 && !decoded.more)

            let trailing = try await client.send(.post, "\(base)/envelopes", body: BinaryEnvelopes.encodePush(envelopes) + [0], as: admin, extra: binary)
            #expect(trailing.status == .badRequest && trailing.errorCode == "bad_envelope")
            let big = RelayHarness.envelope(caseload, by: admin, sequence: 4, head: genesis(), size: 3_000).bytes
            let tooLarge = try await client.send(.post, "\(base)/envelopes", body: BinaryEnvelopes.encodePush([big]), as: admin, extra: binary)
            #expect(tooLarge.status == .contentTooLarge && tooLarge.errorCode == "envelope_too_large")
        }
    }

    @Test func metricsCountRequestsByRouteWithoutIds() async throws {
        let harness = try RelayHarness(servesMetrics: true)
        try await harness.application.test(.router) { client async throws in
            try await client.send(.post, "\(base)/membership", body: RelayHarness.entryBody(genesis()), as: admin)
            try await client.send(.post, "\(base)/envelopes",
                                  body: RelayHarness.pushBody([RelayHarness.envelope(caseload, by: admin, sequence: 1, head: genesis(), size: 300)]), as: admin)
            try await client.send(.get, "\(base)/envelopes", as: SigningKeyPair.generate())
            let metrics = try await client.send(.get, "/metrics", as: nil)
            #expect(metrics.status == .ok)
            let text = String(buffer: metrics.body)
            #expect(text.contains(#"vp_relay_requests_total{route="/v1/caseloads/{caseload}/envelopes",method="POST",status="200"} 1"#))
            #expect(text.contains(#"status="403""#) && text.contains("vp_relay_request_duration_seconds_bucket"))
            #expect(text.contains("vp_relay_stored_bytes "))
            #expect(!text.contains(caseload.description))
        }
        let closed = try RelayHarness()
        try await closed.application.test(.router) { client async throws in
            #expect(try await client.send(.get, "/metrics", as: nil).status == .notFound)
        }
    }
}
