import Foundation
import Identifiers
import Signatures
import Testing
import WireFormat
@testable import Relay

/// Two relay instances on one storage: what one of them is told must hold at the other at
/// once. (One process used to keep each membership it had read for ever, so a device
/// removed through one instance could go on writing through another.)
@Suite struct RelayInstancesTests {
    let caseload = CaseloadID(bytes: (0..<16).map { _ in UInt8.random(in: 0...255) })
    let admin = SigningKeyPair.generate()
    let laptop = SigningKeyPair.generate()
    let colleague = SigningKeyPair.generate()
    let counsellor = SigningKeyPair.generate()

    @Test(arguments: TestStorage.allCases)
    func aMembershipChangeThroughOneInstanceHoldsAtTheOther(_ storage: TestStorage) async throws {
        try await storage.withRepositories(2) { repositories async throws in
            try await check(repositories[0], repositories[1])
        }
    }

    /// A pull waiting at one instance is woken by a push through the other (PostgreSQL
    /// LISTEN/NOTIFY), and returns the envelope well before its wait is over.
    @Test func aWaitingPullIsWokenByAPushThroughAnotherInstance() async throws {
        let news = [CaseloadNews(), CaseloadNews()]
        try await TestStorage.postgres.withRepositories(2, news: news) { repositories async throws in
            try await wake(repositories[0], repositories[1], news: news)
        }
    }

    /// With one SQLite instance, the push wakes the waiting pull directly.
    @Test func aWaitingPullIsWokenByAPushThroughTheSameInstance() async throws {
        let news = CaseloadNews()
        try await TestStorage.sqlite.withRepositories { repositories async throws in
            try await wake(repositories[0], repositories[0], news: [news, news])
        }
    }

    private func wake<Repository: RelayRepository>(_ first: Repository, _ second: any RelayRepository, news: [CaseloadNews]) async throws {
        let configuration = RelayConfiguration(dataDirectory: FileManager.default.temporaryDirectory, openEnrolment: true)
        let now: @Sendable () -> UInt64 = { UInt64(Date().timeIntervalSince1970 * 1000) }
        let waiting = RelayService(repository: first, configuration: configuration, news: news[0], now: now)
        let pushing = RelayService(repository: second as! Repository, configuration: configuration, news: news[1], now: now)
        let genesis = MembershipEntry(caseload: caseload, after: nil, author: admin, milliseconds: 1,
                                      action: .add(device: admin.publicKey, role: .admin, by: counsellor))
        try await waiting.appendMembership(genesis.bytes, to: caseload, device: admin.publicKey)
        let started = ContinuousClock.now
        async let page = waiting.pull(caseload, after: 0, limit: nil, wait: .seconds(25), device: admin.publicKey)
        try await Task.sleep(for: .milliseconds(300))
        _ = try await pushing.push([RelayHarness.envelope(caseload, by: admin, sequence: 1, head: genesis).bytes], to: caseload, device: admin.publicKey)
        let woken = try await page
        #expect(woken.envelopes.map(\.sequence) == [1])
        // Woken, not timed out (the bound is loose: the whole suite shares two cores).
        #expect(ContinuousClock.now - started < .seconds(20))
    }

    private func check<Repository: RelayRepository>(_ first: Repository, _ second: any RelayRepository) async throws {
        let configuration = RelayConfiguration(dataDirectory: FileManager.default.temporaryDirectory, openEnrolment: true)
        let now: @Sendable () -> UInt64 = { UInt64(Date().timeIntervalSince1970 * 1000) }
        let one = RelayService(repository: first, configuration: configuration, now: now)
        let other = RelayService(repository: second as! Repository, configuration: configuration, now: now)

        let genesis = MembershipEntry(caseload: caseload, after: nil, author: admin, milliseconds: 1,
                                      action: .add(device: admin.publicKey, role: .admin, by: counsellor))
        let addLaptop = MembershipEntry(caseload: caseload, after: genesis, author: admin, milliseconds: 2,
                                        action: .add(device: laptop.publicKey, role: .member, by: counsellor))
        let addColleague = MembershipEntry(caseload: caseload, after: addLaptop, author: admin, milliseconds: 3,
                                           action: .add(device: colleague.publicKey, role: .member, by: SigningKeyPair.generate()))
        for entry in [genesis, addLaptop, addColleague] {
            try await one.appendMembership(entry.bytes, to: caseload, device: admin.publicKey)
        }
        // Both devices write through the first instance, which reads the membership doing so.
        _ = try await one.push([RelayHarness.envelope(caseload, by: laptop, sequence: 1, head: addColleague).bytes],
                               to: caseload, device: laptop.publicKey)
        _ = try await one.push([RelayHarness.envelope(caseload, by: colleague, sequence: 1, head: addColleague).bytes],
                               to: caseload, device: colleague.publicKey)

        // The admin removes the laptop and makes the colleague a reader, through the other.
        let demote = MembershipEntry(caseload: caseload, after: addColleague, author: admin, milliseconds: 4,
                                     action: .changeRole(device: colleague.publicKey, role: .reader, ceiling: 1))
        let remove = MembershipEntry(caseload: caseload, after: demote, author: admin, milliseconds: 5,
                                     action: .remove(device: laptop.publicKey, ceiling: 1))
        for entry in [demote, remove] {
            try await other.appendMembership(entry.bytes, to: caseload, device: admin.publicKey)
        }

        // The first instance refuses both at once.
        await #expect(throws: RelayError.notMember) {
            try await one.push([RelayHarness.envelope(caseload, by: laptop, sequence: 2, head: addColleague).bytes],
                               to: caseload, device: laptop.publicKey)
        }
        await #expect(throws: RelayError.notMember) {
            try await one.pull(caseload, after: 0, limit: nil, device: laptop.publicKey)
        }
        await #expect(throws: RelayError.readOnly) {
            try await one.push([RelayHarness.envelope(caseload, by: colleague, sequence: 2, head: demote).bytes],
                               to: caseload, device: colleague.publicKey)
        }
        // The removed laptop is shown its removal, signed, and nothing after it.
        let shown = try await one.membershipEntries(caseload, after: 0, device: laptop.publicKey)
        #expect(shown.map(\.sequence) == [0, 1, 2, 3, 4])
        // A change checked against the log before the other instance's changes cannot land.
        let stale = MembershipEntry(caseload: caseload, after: addColleague, author: admin, milliseconds: 6,
                                    action: .changeRole(device: colleague.publicKey, role: .admin, ceiling: 0))
        await #expect(throws: RelayError.self) {
            try await one.appendMembership(stale.bytes, to: caseload, device: admin.publicKey)
        }
    }
}
