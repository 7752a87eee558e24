import Foundation
import Identifiers
import Replica
import Sync
import Testing
import Vault

/// Issue 9, attack 5: an operation dated far in the future must not win for ever. It is
/// held back (not applied, not lost), applied once the clock has caught up, and reported.
@Suite struct ClockDriftTests {
    let fixture: SyncFixture
    init() throws { fixture = try SyncFixture() }

    /// A desktop edit of the laptop's case, dated `timestamp`, pushed as the desktop's next envelope.
    func pushEdit(_ text: String, dated timestamp: HybridTimestamp) async throws -> (laptop: Vault, record: RecordID) {
        let laptop = try fixture.counsellor()
        let record = try fixture.openCase(in: laptop)
        let desktop = try await fixture.linkedDevice(of: laptop)
        let home = try Caseload.home(of: laptop)
        let edit = FieldOperation(id: OperationID(timestamp: timestamp, device: desktop.device), record: record, field: "summary",
                                  change: .write(text, supersedes: try laptop.records()[record]!.text("summary")!.versions.map(\.id)))
        _ = try await fixture.transport(desktop).push([try fixture.envelope([edit], in: home, by: desktop, sequence: 1).bytes], to: home.id)
        return (laptop, record)
    }

    func summary(_ vault: Vault, _ record: RecordID) throws -> [String] {
        try vault.records()[record]?.text("summary")?.versions.map(\.text).sorted() ?? []
    }

    @Test func anOperationDatedAtTheEndOfTimeIsHeldAndTheClockStaysUsable() async throws {
        let (laptop, record) = try await pushEdit("Uit de toekomst", dated: HybridTimestamp(rawValue: .max))
        let report = try await fixture.sync(laptop)
        #expect(report.heldOperations == 1)
        #expect(report.heldUntil == HybridTimestamp.maximumMilliseconds)
        #expect(report.appliedOperations == 0)
        #expect(try summary(laptop, record) == ["Eerste gesprek"])
        // The laptop's own next edit is still the latest one (before: it changed nothing).
        try laptop.write { session in session.write("Heropend", to: "summary", of: record) }
        #expect(try summary(laptop, record) == ["Heropend"])
        // Held, not lost: still waiting at the next sync.
        #expect(try await fixture.sync(laptop).heldOperations == 1)
    }

    @Test func anOperationSlightlyAheadIsAppliedOnceTheClockCatchesUp() async throws {
        let inAnHour = fixture.now() + 3_600_000
        let (laptop, record) = try await pushEdit("Later", dated: HybridTimestamp(milliseconds: inAnHour, counter: 0))
        #expect(try await fixture.sync(laptop).heldOperations == 1)
        #expect(try summary(laptop, record) == ["Eerste gesprek"])
        let later = try await fixture.sync(laptop, clock: { inAnHour })
        #expect(later.releasedOperations == 1)
        #expect(later.heldOperations == 0)
        #expect(try summary(laptop, record) == ["Later"])
    }

    @Test func aFewSecondsAheadIsAppliedAtOnce() async throws {
        let (laptop, record) = try await pushEdit("Bijna nu", dated: HybridTimestamp(milliseconds: fixture.now() + 10_000, counter: 0))
        let report = try await fixture.sync(laptop)
        #expect(report.heldOperations == 0 && report.appliedOperations == 1)
        #expect(try summary(laptop, record) == ["Bijna nu"])
    }

    @Test func aVaultWhoseClockReachedTheEndRefusesToWrite() throws {
        let vault = try fixture.counsellor()
        let record = try fixture.openCase(in: vault)
        // As an older vp would have applied it, without the guard.
        try vault.apply([FieldOperation(id: OperationID(timestamp: HybridTimestamp(rawValue: .max), device: DeviceID(rawValue: 99)),
                                        record: record, field: "summary", change: .write("Vast", supersedes: []))])
        #expect(throws: VaultError.clockExhausted) { try vault.write { $0.write("Nieuw", to: "summary", of: record) } }
    }

    @Test func aComputerClockBefore2025IsRefusedWithoutWriting() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("clock-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let vault = try Vault.create(in: folder, passphrase: Array("een lange testzin".utf8), kdf: .interactive, wallClock: { 86_400_000 })
        #expect(throws: VaultError.clockImplausible(milliseconds: 86_400_000)) {
            try vault.write { session in session.assign(.string("case"), to: "kind", of: session.newRecordID()) }
        }
        #expect(try vault.records().isEmpty)
    }

    @Test func aHeldEditOfACaseMovedHomeMeanwhileIsDroppedOnRelease() async throws {
        let admin = try fixture.counsellor()
        let colleague = try fixture.counsellor()
        let team = try await fixture.share("Team", from: admin, with: colleague)
        let record = try fixture.openCase(in: admin, caseload: team)
        try await fixture.sync(admin)
        try await fixture.sync(colleague)
        // The colleague's edit is dated an hour ahead: held at the admin's.
        let inAnHour = fixture.now() + 3_600_000
        let edit = FieldOperation(id: OperationID(timestamp: HybridTimestamp(milliseconds: inAnHour, counter: 0), device: colleague.device),
                                  record: record, field: "summary", change: .write("Van de collega", supersedes: []))
        _ = try await fixture.transport(colleague).push([try fixture.envelope([edit], in: team, by: colleague, sequence: 1).bytes], to: team.id)
        #expect(try await fixture.sync(admin).heldOperations == 1)
        // Meanwhile the admin takes the case back into the own caseload.
        try admin.write { $0.assign(.null, to: "caseload", of: record) }
        let later = try await fixture.sync(admin, clock: { inAnHour })
        #expect(later.heldOperations == 0 && later.releasedOperations == 0)  // judged again: no longer the team's to change
        #expect(try summary(admin, record) == ["Eerste gesprek"])
    }
}
