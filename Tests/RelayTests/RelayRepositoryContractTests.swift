import Foundation
import Identifiers
import Signatures
import Testing
import WireFormat
@testable import Relay

/// What every relay storage must do, run against SQLite and PostgreSQL alike.
@Suite struct RelayRepositoryContractTests {
    let caseload = CaseloadID(bytes: (0..<16).map { _ in UInt8.random(in: 0...255) })

    static func envelope(_ size: Int = 32, author: UInt8 = 1, sequence: UInt64 = 1) -> IncomingEnvelope {
        let bytes = (0..<size).map { _ in UInt8.random(in: 0...255) }
        return IncomingEnvelope(id: Array(bytes.prefix(16)) + [author], author: [UInt8](repeating: author, count: 32),
                                deviceSequence: sequence, bytes: bytes, keyScope: 0)
    }

    static func quotas(_ caseloadBytes: Int64, counsellor: Int64 = 1 << 40) -> Quotas {
        Quotas(caseloadBytes: caseloadBytes, counsellorBytes: counsellor)
    }

    /// The right to create a caseload: `owner` under open enrolment, unless told otherwise.
    static func creation(_ owner: UInt8 = 1, token: [UInt8]? = nil, open: Bool = true, limit: Int = 100, now: UInt64 = 1_000) -> CaseloadCreation {
        CaseloadCreation(owner: [UInt8](repeating: owner, count: 32), token: token, openEnrolment: open, caseloadLimit: limit, now: now)
    }

    /// A caseload whose membership log has `length` (opaque) entries.
    func open(_ repository: any RelayRepository, length: Int = 1, _ caseload: CaseloadID? = nil) async throws {
        for position in 0..<length {
            #expect(try await repository.appendMembership(
                caseload ?? self.caseload, entry: [UInt8(position)], at: position, creation: Self.creation()) == .appended)
        }
    }

    @Test(arguments: TestStorage.allCases)
    func membershipIsAppendedByCompareAndSet(_ storage: TestStorage) async throws {
        try await storage.withRepositories { repositories async throws in
            let repository = repositories[0]
            #expect(try await repository.membershipLog(caseload).isEmpty)
            #expect(try await repository.appendMembership(caseload, entry: [1], at: 1, creation: Self.creation()) == .conflict)
            #expect(try await repository.appendMembership(caseload, entry: [0], at: 0, creation: Self.creation()) == .appended)
            #expect(try await repository.appendMembership(caseload, entry: [9], at: 0, creation: Self.creation()) == .conflict)
            #expect(try await repository.appendMembership(caseload, entry: [1], at: 1, creation: Self.creation()) == .appended)
            #expect(try await repository.membershipLog(caseload) == [[0], [1]])
        }
    }

    @Test(arguments: TestStorage.allCases)
    func pushNumbersInOrderAndARetryGetsTheSameNumbers(_ storage: TestStorage) async throws {
        try await storage.withRepositories { repositories async throws in
            let repository = repositories[0]
            try await open(repository)
            let batch = (1...5).map { Self.envelope(sequence: UInt64($0)) }
            guard case .stored(let first) = try await repository.push(caseload, batch, membershipLength: 1, quotas: Self.quotas(1 << 20)) else {
                Issue.record("the first push was not stored"); return
            }
            #expect(first.map(\.sequence) == [1, 2, 3, 4, 5] && first.allSatisfy { !$0.duplicate })
            // A retry after a lost answer, with one new envelope and one repeated inside the batch.
            let extra = Self.envelope(sequence: 6)
            guard case .stored(let again) = try await repository.push(
                caseload, batch + [extra, extra], membershipLength: 1, quotas: Self.quotas(1 << 20)) else {
                Issue.record("the retry was not stored"); return
            }
            #expect(again.map(\.sequence) == [1, 2, 3, 4, 5, 6, 6])
            #expect(again.map(\.duplicate) == [true, true, true, true, true, false, true])
            let pulled = try await repository.pull(caseload, after: 2, limit: 3)
            #expect(pulled.map(\.sequence) == [3, 4, 5] && pulled.map(\.bytes) == batch[2...4].map(\.bytes))
            #expect(try await repository.pull(caseload, after: 6, limit: 10).isEmpty)
        }
    }

    @Test(arguments: TestStorage.allCases)
    func aBatchCheckedAgainstAnOldMembershipIsNotStored(_ storage: TestStorage) async throws {
        try await storage.withRepositories { repositories async throws in
            let repository = repositories[0]
            let other = CaseloadID(bytes: [UInt8](repeating: 3, count: 16))
            #expect(try await repository.push(other, [Self.envelope()], membershipLength: 0, quotas: Self.quotas(1 << 20)) == .membershipChanged)
            try await open(repository, length: 2)
            #expect(try await repository.push(caseload, [Self.envelope()], membershipLength: 1, quotas: Self.quotas(1 << 20)) == .membershipChanged)
            #expect(try await repository.pull(caseload, after: 0, limit: 10).isEmpty)
        }
    }

    @Test(arguments: TestStorage.allCases)
    func aBatchOverTheQuotaStoresNothing(_ storage: TestStorage) async throws {
        try await storage.withRepositories { repositories async throws in
            let repository = repositories[0]
            try await open(repository)
            #expect(try await repository.push(caseload, [Self.envelope(100)], membershipLength: 1, quotas: Self.quotas(250)) != .quotaExceeded(.caseload))
            let batch = [Self.envelope(100), Self.envelope(100)]
            #expect(try await repository.push(caseload, batch, membershipLength: 1, quotas: Self.quotas(250)) == .quotaExceeded(.caseload))
            #expect(try await repository.pull(caseload, after: 0, limit: 10).map(\.sequence) == [1])
            // The numbers go on without a gap after the refused batch.
            guard case .stored(let next) = try await repository.push(caseload, [Self.envelope(100)], membershipLength: 1, quotas: Self.quotas(250)) else {
                Issue.record("a push within the quota was refused"); return
            }
            #expect(next.map(\.sequence) == [2])
        }
    }

    @Test(arguments: TestStorage.allCases)
    func oneAuthorsEnvelopesArePulledByTheirOwnNumbers(_ storage: TestStorage) async throws {
        try await storage.withRepositories { repositories async throws in
            let repository = repositories[0]
            try await open(repository)
            let batch = [Self.envelope(author: 1, sequence: 1), Self.envelope(author: 2, sequence: 1),
                         Self.envelope(author: 1, sequence: 2), Self.envelope(author: 1, sequence: 3)]
            _ = try await repository.push(caseload, batch, membershipLength: 1, quotas: Self.quotas(1 << 20))
            let pulled = try await repository.pull(caseload, author: [UInt8](repeating: 1, count: 32), after: 1, limit: 10)
            #expect(pulled.map(\.sequence) == [2, 3] && pulled.map(\.bytes) == [batch[2].bytes, batch[3].bytes])
        }
    }

    @Test(arguments: TestStorage.allCases)
    func aNonceIsUsedOnceUntilItExpires(_ storage: TestStorage) async throws {
        try await storage.withRepositories { repositories async throws in
            let repository = repositories[0]
            let device = [UInt8](repeating: 4, count: 32)
            #expect(try await repository.useNonce(device: device, nonce: "n1", expires: 100, now: 50))
            #expect(try await !repository.useNonce(device: device, nonce: "n1", expires: 100, now: 60))
            #expect(try await repository.useNonce(device: [UInt8](repeating: 5, count: 32), nonce: "n1", expires: 100, now: 60))
            #expect(try await repository.useNonce(device: device, nonce: "n1", expires: 300, now: 200))
        }
    }

    @Test(arguments: TestStorage.allCases)
    func aLinkMailboxTakesOneRequestAndExpires(_ storage: TestStorage) async throws {
        try await storage.withRepositories { repositories async throws in
            let repository = repositories[0]
            let id = [UInt8](repeating: 6, count: 16)
            let creator = [UInt8](repeating: 7, count: 32)
            #expect(try await repository.createLink(id, creator: creator, expires: 1_000, now: 0, limit: 5) == .created)
            #expect(try await repository.createLink(id, creator: creator, expires: 1_000, now: 0, limit: 5) == .taken)
            #expect(try await repository.setLinkRequest(id, [1, 2]))
            #expect(try await !repository.setLinkRequest(id, [3]))
            try await repository.setLinkResponse(id, [4])
            let link = try await repository.link(id, now: 500)
            #expect(link?.creator == creator && link?.request == [1, 2] && link?.response == [4] && link?.expires == 1_000)
            #expect(try await repository.link(id, now: 1_001) == nil)
            #expect(try await repository.createLink(id, creator: creator, expires: 2_000, now: 1_001, limit: 5) == .created)
            try await repository.deleteLink(id)
            #expect(try await repository.link(id, now: 1_500) == nil)
        }
    }

    @Test(arguments: TestStorage.allCases)
    func aDeviceHasOnlySoManyMailboxesOpen(_ storage: TestStorage) async throws {
        try await storage.withRepositories { repositories async throws in
            let repository = repositories[0]
            let creator = [UInt8](repeating: 7, count: 32)
            for number in 0..<3 {
                #expect(try await repository.createLink([UInt8](repeating: UInt8(number), count: 16), creator: creator,
                                                        expires: 1_000, now: 0, limit: 3) == .created)
            }
            #expect(try await repository.createLink([9], creator: creator, expires: 1_000, now: 0, limit: 3) == .limitReached)
            #expect(try await repository.createLink([9], creator: [UInt8](repeating: 8, count: 32), expires: 1_000, now: 0, limit: 3) == .created)
            // Expired mailboxes no longer count.
            #expect(try await repository.createLink([10], creator: creator, expires: 3_000, now: 1_001, limit: 3) == .created)
        }
    }

    // MARK: Enrolment and quotas

    @Test(arguments: TestStorage.allCases)
    func creatingACaseloadNeedsAnEnrolmentTokenUsedOnce(_ storage: TestStorage) async throws {
        try await storage.withRepositories { repositories async throws in
            let repository = repositories[0]
            let (_, hash) = EnrolmentToken.generate()
            let (_, expired) = EnrolmentToken.generate()
            try await repository.addEnrolmentToken(hash: hash, expires: 5_000)
            try await repository.addEnrolmentToken(hash: expired, expires: 500)
            let first = CaseloadID(bytes: [UInt8](repeating: 1, count: 16))
            let second = CaseloadID(bytes: [UInt8](repeating: 2, count: 16))
            let third = CaseloadID(bytes: [UInt8](repeating: 3, count: 16))
            #expect(try await repository.appendMembership(first, entry: [0], at: 0, creation: Self.creation(1, open: false)) == .enrolmentRequired)
            #expect(try await repository.appendMembership(first, entry: [0], at: 0, creation: Self.creation(1, token: expired, open: false)) == .enrolmentRequired)
            #expect(try await repository.membershipLog(first).isEmpty)
            #expect(try await repository.appendMembership(first, entry: [0], at: 0, creation: Self.creation(1, token: hash, open: false)) == .appended)
            // Enrolled: more caseloads need no token; the token does not enrol a second counsellor.
            #expect(try await repository.appendMembership(second, entry: [0], at: 0, creation: Self.creation(1, open: false)) == .appended)
            #expect(try await repository.appendMembership(third, entry: [0], at: 0, creation: Self.creation(2, token: hash, open: false)) == .enrolmentRequired)
            #expect(try await repository.membershipLog(third).isEmpty)
        }
    }

    @Test(arguments: TestStorage.allCases)
    func aCounsellorHasOnlySoManyCaseloadsAndBytes(_ storage: TestStorage) async throws {
        try await storage.withRepositories { repositories async throws in
            let repository = repositories[0]
            let caseloads = (1...3).map { CaseloadID(bytes: [UInt8](repeating: UInt8($0), count: 16)) }
            #expect(try await repository.appendMembership(caseloads[0], entry: [0], at: 0, creation: Self.creation(5, limit: 2)) == .appended)
            #expect(try await repository.appendMembership(caseloads[1], entry: [0], at: 0, creation: Self.creation(5, limit: 2)) == .appended)
            #expect(try await repository.appendMembership(caseloads[2], entry: [0], at: 0, creation: Self.creation(5, limit: 2)) == .caseloadLimitReached)
            #expect(try await repository.appendMembership(caseloads[2], entry: [0], at: 0, creation: Self.creation(6, limit: 2)) == .appended)
            // 300 bytes for all of counsellor 5's caseloads together.
            let quotas = Self.quotas(1 << 20, counsellor: 300)
            #expect(try await repository.push(caseloads[0], [Self.envelope(200)], membershipLength: 1, quotas: quotas) != .quotaExceeded(.counsellor))
            #expect(try await repository.push(caseloads[1], [Self.envelope(200)], membershipLength: 1, quotas: quotas) == .quotaExceeded(.counsellor))
            #expect(try await repository.pull(caseloads[1], after: 0, limit: 10).isEmpty)
            #expect(try await repository.push(caseloads[1], [Self.envelope(100)], membershipLength: 1, quotas: quotas) != .quotaExceeded(.counsellor))
            // Another counsellor's caseload has its own.
            #expect(try await repository.push(caseloads[2], [Self.envelope(250)], membershipLength: 1, quotas: quotas) != .quotaExceeded(.counsellor))
            #expect(try await repository.storedBytes() == 550)
        }
    }

    // MARK: Several instances on one store

    /// 8 devices push 20 batches of 5 through two instances at once: every envelope gets
    /// one number, the numbers have no gap, each batch's numbers follow each other, and the
    /// caseload reads back in the order of its numbers.
    @Test(arguments: TestStorage.allCases)
    func concurrentPushesThroughTwoInstancesGetGaplessNumbers(_ storage: TestStorage) async throws {
        try await storage.withRepositories(2) { repositories async throws in
            try await open(repositories[0])
            let batches = try await withThrowingTaskGroup(of: [(IncomingEnvelope, EnvelopeReceipt)].self) { group in
                for device in 0..<8 {
                    group.addTask {
                        var mine: [(IncomingEnvelope, EnvelopeReceipt)] = []
                        for round in 0..<20 {
                            let batch = (0..<5).map { Self.envelope(author: UInt8(device), sequence: UInt64(round * 5 + $0 + 1)) }
                            let outcome = try await repositories[(device + round) % 2].push(
                                caseload, batch, membershipLength: 1, quotas: Self.quotas(1 << 30))
                            guard case .stored(let receipts) = outcome else { throw Unexpected(outcome: outcome) }
                            #expect(zip(receipts, receipts.dropFirst()).allSatisfy { $0.sequence + 1 == $1.sequence })
                            mine += zip(batch, receipts).map { ($0, $1) }
                        }
                        return mine
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            let numbers = batches.map(\.1.sequence).sorted()
            #expect(numbers == Array(1...800))
            var stored: [StoredEnvelope] = []
            while stored.count < 800 {
                let page = try await repositories[1].pull(caseload, after: stored.last?.sequence ?? 0, limit: 300)
                guard !page.isEmpty else { break }
                stored += page
            }
            let byNumber = Dictionary(uniqueKeysWithValues: batches.map { ($0.1.sequence, $0.0.bytes) })
            #expect(stored.map(\.sequence) == Array(1...800))
            #expect(stored.allSatisfy { byNumber[$0.sequence] == $0.bytes })
        }
    }

    /// The same batch pushed through both instances at once (a retry racing the original):
    /// stored once, and both answers carry the same numbers.
    @Test(arguments: TestStorage.allCases)
    func aRetryRacingTheOriginalGetsTheSameNumbers(_ storage: TestStorage) async throws {
        try await storage.withRepositories(2) { repositories async throws in
            try await open(repositories[0])
            let batch = (1...50).map { Self.envelope(sequence: UInt64($0)) }
            async let first = repositories[0].push(caseload, batch, membershipLength: 1, quotas: Self.quotas(1 << 30))
            async let second = repositories[1].push(caseload, batch, membershipLength: 1, quotas: Self.quotas(1 << 30))
            guard case .stored(let one) = try await first, case .stored(let other) = try await second else {
                Issue.record("a push was not stored"); return
            }
            #expect(one.map(\.sequence) == Array(1...50) && other.map(\.sequence) == Array(1...50))
            #expect(one.filter(\.duplicate).count + other.filter(\.duplicate).count == 50)
            #expect(try await repositories[0].pull(caseload, after: 0, limit: 100).count == 50)
        }
    }

    /// Two instances append a different entry at the same place at once: exactly one lands.
    @Test(arguments: TestStorage.allCases)
    func racingMembershipChangesCannotBothLand(_ storage: TestStorage) async throws {
        try await storage.withRepositories(2) { repositories async throws in
            for round in 0..<10 {
                async let one = repositories[0].appendMembership(caseload, entry: [1, UInt8(round)], at: round, creation: Self.creation())
                async let other = repositories[1].appendMembership(caseload, entry: [2, UInt8(round)], at: round, creation: Self.creation())
                let outcomes = try await [one, other]
                #expect(outcomes.filter { $0 == .appended }.count == 1, "round \(round): \(outcomes)")
            }
            #expect(try await repositories[0].membershipLog(caseload).count == 10)
        }
    }

    struct Unexpected: Error { let outcome: PushOutcome }
}
