import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Identifiers
import Signatures
import Testing
import WireFormat
@testable import Relay

@Suite struct RelayTests {
    let caseload = CaseloadID(bytes: (0..<16).map { _ in UInt8.random(in: 0...255) })
    let admin = SigningKeyPair.generate()
    let counsellor = SigningKeyPair(seed: [UInt8](repeating: 7, count: 32))!

    func genesis() -> MembershipEntry {
        MembershipEntry(caseload: caseload, after: nil, author: admin, milliseconds: 1,
                        action: .add(device: admin.publicKey, role: .admin, by: counsellor))
    }

    var base: String { "/v1/caseloads/\(caseload)" }

    @Test func healthAndUnsignedRequests() async throws {
        let harness = try RelayHarness()
        try await harness.application.test(.router) { client in
            let health = try await client.send(.get, "/healthz", as: nil)
            #expect(health.status == .ok)
            let unsigned = try await client.send(.get, "\(base)/envelopes", as: nil)
            #expect(unsigned.status == .unauthorized && unsigned.errorCode == "unauthenticated")
        }
    }

    @Test func pushIsIdempotentAndPullPagesInOrder() async throws {
        let harness = try RelayHarness()
        try await harness.application.test(.router) { client in
            #expect(try await client.send(.post, "\(base)/membership", body: RelayHarness.entryBody(genesis()), as: admin).status == .created)
            let envelopes = (1...5).map { RelayHarness.envelope(caseload, by: admin, sequence: UInt64($0), head: genesis()) }
            let first = try await client.send(.post, "\(base)/envelopes", body: RelayHarness.pushBody(envelopes), as: admin)
            #expect(first.status == .ok)
            #expect(try first.decode(RelayAPI.PushResponse.self).results.map(\.seq) == [1, 2, 3, 4, 5])
            let again = try await client.send(.post, "\(base)/envelopes", body: RelayHarness.pushBody(envelopes), as: admin)
            #expect(try again.decode(RelayAPI.PushResponse.self).results.allSatisfy(\.duplicate))
            let page = try await client.send(.get, "\(base)/envelopes?after=1&limit=2", as: admin).decode(RelayAPI.PullResponse.self)
            #expect(page.envelopes.map(\.seq) == [2, 3] && page.more && page.next == 3)
            let rest = try await client.send(.get, "\(base)/envelopes?after=3", as: admin).decode(RelayAPI.PullResponse.self)
            #expect(rest.envelopes.map(\.seq) == [4, 5] && !rest.more)
            #expect(rest.envelopes.last.flatMap { Data(base64Encoded: $0.data) }.map { [UInt8]($0) } == envelopes[4].bytes)
        }
    }

    @Test func replayedRequestsAndForgedEnvelopesAreRefused() async throws {
        let harness = try RelayHarness()
        try await harness.application.test(.router) { client in
            try await client.send(.post, "\(base)/membership", body: RelayHarness.entryBody(genesis()), as: admin)
            let nonce = [UInt8](repeating: 9, count: 16)
            #expect(try await client.send(.get, "\(base)/envelopes", as: admin, nonce: nonce).status == .ok)
            let replay = try await client.send(.get, "\(base)/envelopes", as: admin, nonce: nonce)
            #expect(replay.status == .unauthorized && replay.errorCode == "replayed")

            let original = RelayHarness.envelope(caseload, by: admin, sequence: 1, head: genesis())
            var tampered = original.bytes
            tampered[original.header.count + 10] ^= 1
            let forged = try await client.send(.post, "\(base)/envelopes", body: RelayHarness.json(
                RelayAPI.PushRequest(envelopes: [Data(tampered).base64EncodedString()])), as: admin)
            #expect(forged.status == .badRequest && forged.errorCode == "bad_signature")
            let legacy = try await client.send(.post, "\(base)/envelopes", body: RelayHarness.pushBody(
                [RelayHarness.envelope(caseload, by: admin, sequence: 1, head: genesis(), version1: true)]), as: admin)
            #expect(legacy.status == .badRequest && legacy.errorCode == "bad_envelope")
            let truncated = try await client.send(.post, "\(base)/envelopes", body: RelayHarness.json(
                RelayAPI.PushRequest(envelopes: [Data(tampered.dropLast(10)).base64EncodedString()])), as: admin)
            #expect(truncated.status == .badRequest && truncated.errorCode == "bad_envelope")
        }
    }

    @Test func outsidersAndRemovedDevicesAreRefused() async throws {
        let harness = try RelayHarness()
        let laptop = SigningKeyPair.generate()
        let stranger = SigningKeyPair.generate()
        try await harness.application.test(.router) { client in
            let first = genesis()
            try await client.send(.post, "\(base)/membership", body: RelayHarness.entryBody(first), as: admin)
            let add = MembershipEntry(caseload: caseload, after: first, author: admin, milliseconds: 2,
                                      action: .add(device: laptop.publicKey, role: .member, by: counsellor))
            #expect(try await client.send(.post, "\(base)/membership", body: RelayHarness.entryBody(add), as: admin).status == .created)
            #expect(try await client.send(.get, "\(base)/envelopes", as: laptop).status == .ok)
            let outsider = try await client.send(.get, "\(base)/envelopes", as: stranger)
            #expect(outsider.status == .forbidden && outsider.errorCode == "not_a_member")

            // A member may not change membership; a second change at the same place loses.
            let sneaky = MembershipEntry(caseload: caseload, after: add, author: laptop, milliseconds: 3,
                                         action: .add(device: stranger.publicKey, role: .admin, by: counsellor))
            #expect(try await client.send(.post, "\(base)/membership", body: RelayHarness.entryBody(sneaky), as: laptop).status == .conflict)

            let remove = MembershipEntry(caseload: caseload, after: add, author: admin, milliseconds: 4, action: .remove(device: laptop.publicKey, ceiling: 0))
            #expect(try await client.send(.post, "\(base)/membership", body: RelayHarness.entryBody(remove), as: admin).status == .created)
            let stale = MembershipEntry(caseload: caseload, after: add, author: admin, milliseconds: 5,
                                        action: .add(device: stranger.publicKey, role: .reader, by: counsellor))
            #expect(try await client.send(.post, "\(base)/membership", body: RelayHarness.entryBody(stale), as: admin).status == .conflict)
            let revoked = try await client.send(.get, "\(base)/envelopes", as: laptop)
            #expect(revoked.status == .forbidden)
            let push = try await client.send(.post, "\(base)/envelopes",
                                             body: RelayHarness.pushBody([RelayHarness.envelope(caseload, by: laptop, sequence: 1, head: remove)]), as: laptop)
            #expect(push.status == .forbidden)
        }
    }

    @Test func aMemberDemotedToReaderMayReadButNotWrite() async throws {
        let harness = try RelayHarness()
        let colleague = SigningKeyPair.generate()
        try await harness.application.test(.router) { client in
            let first = genesis()
            try await client.send(.post, "\(base)/membership", body: RelayHarness.entryBody(first), as: admin)
            let add = MembershipEntry(caseload: caseload, after: first, author: admin, milliseconds: 2,
                                      action: .add(device: colleague.publicKey, role: .member, by: SigningKeyPair.generate()))
            try await client.send(.post, "\(base)/membership", body: RelayHarness.entryBody(add), as: admin)
            let allowed = try await client.send(.post, "\(base)/envelopes",
                                                body: RelayHarness.pushBody([RelayHarness.envelope(caseload, by: colleague, sequence: 1, head: add)]), as: colleague)
            #expect(allowed.status == .ok)
            let demote = MembershipEntry(caseload: caseload, after: add, author: admin, milliseconds: 3,
                                         action: .changeRole(device: colleague.publicKey, role: .reader, ceiling: 0))
            #expect(try await client.send(.post, "\(base)/membership", body: RelayHarness.entryBody(demote), as: admin).status == .created)
            let refused = try await client.send(.post, "\(base)/envelopes",
                                                body: RelayHarness.pushBody([RelayHarness.envelope(caseload, by: colleague, sequence: 2, head: demote)]), as: colleague)
            #expect(refused.status == .forbidden && refused.errorCode == "read_only")
            #expect(try await client.send(.get, "\(base)/envelopes", as: colleague).status == .ok)
        }
    }

    @Test func sizeLimitsAndQuotasAnswerWithClear4xx() async throws {
        let harness = try RelayHarness(maximumEnvelopeBytes: 1_000, quota: 1_000)
        try await harness.application.test(.router) { client in
            try await client.send(.post, "\(base)/membership", body: RelayHarness.entryBody(genesis()), as: admin)
            let big = try await client.send(.post, "\(base)/envelopes",
                                            body: RelayHarness.pushBody([RelayHarness.envelope(caseload, by: admin, sequence: 1, head: genesis(), size: 2_000)]), as: admin)
            #expect(big.status == .contentTooLarge && big.errorCode == "envelope_too_large")
            let fits = (1...2).map { RelayHarness.envelope(caseload, by: admin, sequence: UInt64($0), head: genesis(), size: 500) }
            #expect(try await client.send(.post, "\(base)/envelopes", body: RelayHarness.pushBody([fits[0]]), as: admin).status == .ok)
            let over = try await client.send(.post, "\(base)/envelopes", body: RelayHarness.pushBody([fits[1]]), as: admin)
            #expect(over.status == .forbidden && over.errorCode == "quota_exceeded")
        }
    }

    @Test func linkMailboxIsSingleUse() async throws {
        let harness = try RelayHarness()
        let link = Hex.encode((0..<32).map { _ in UInt8.random(in: 0...255) })
        try await harness.application.test(.router) { client in
            #expect(try await client.send(.post, "/v1/links/\(link)", as: admin).status == .created)
            let message = RelayHarness.json(RelayAPI.LinkMessage(data: Data([1, 2, 3]).base64EncodedString()))
            #expect(try await client.send(.put, "/v1/links/\(link)/request", body: message, as: nil).status == .created)
            #expect(try await client.send(.put, "/v1/links/\(link)/request", body: message, as: nil).status == .conflict)
            let request = try await client.send(.get, "/v1/links/\(link)/request", as: admin).decode(RelayAPI.LinkMessage.self)
            #expect(request.data == Data([1, 2, 3]).base64EncodedString())
            #expect(try await client.send(.get, "/v1/links/\(link)/response", as: nil).status == .noContent)
            #expect(try await client.send(.put, "/v1/links/\(link)/response", body: message, as: admin).status == .created)
            #expect(try await client.send(.get, "/v1/links/\(link)/response", as: nil).status == .ok)
            #expect(try await client.send(.get, "/v1/links/\(link)/response", as: nil).status == .notFound)
        }
    }
}
