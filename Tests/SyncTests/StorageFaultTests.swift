import Foundation
import InProcessRelay
import Replica
import Sync
import Testing
import Vault
import WireFormat

/// A check that cannot read its own bookkeeping must stop the sync with a clear error,
/// never pass the envelope (the first wave read a failed lookup as "nothing seen yet",
/// which let a replay through).
@Suite struct StorageFaultTests {
    let fixture: SyncFixture
    init() throws { fixture = try SyncFixture() }

    @Test func anUnreadableSequenceStopsTheSyncInsteadOfSkippingReplayDetection() async throws {
        let laptop = try fixture.counsellor()
        let record = try fixture.openCase(in: laptop)
        let desktop = try await fixture.linkedDevice(of: laptop)
        let home = try Caseload.home(of: laptop)
        let edit = fixture.operations(by: desktop.device, [(record, "channel", .assign(.string("phone")))])
        let old = try fixture.envelope(edit, in: home, by: desktop, sequence: 1)
        _ = try await fixture.transport(desktop).push([old.bytes], to: home.id)
        try await fixture.sync(laptop)
        let cursor = try laptop.syncRead { try $0.pulledThrough(home.id) }

        // The stored sequence of the desktop becomes unreadable; the relay replays its envelope.
        try fixture.tamper(with: laptop, "UPDATE author_sequence SET last = 'x'")
        fixture.relay.misbehave { $0.pages = Misbehaviour.injecting([old.bytes]) }
        await #expect(throws: VaultError.damaged(what: "stored value")) { try await fixture.sync(laptop) }
        #expect(try laptop.syncRead { try $0.pulledThrough(home.id) } == cursor)
    }

    @Test func aDamagedRecordStopsTheCaseloadCheckInsteadOfRejectingQuietly() async throws {
        let anna = try fixture.counsellor()
        let bram = try fixture.counsellor()
        let team = try await fixture.share("Team Noord", from: anna, with: bram)
        let shared = try fixture.openCase(in: anna, caseload: team, summary: "Gedeeld")
        try await fixture.sync(anna)
        try await fixture.sync(bram)
        let edit = fixture.operations(by: bram.device, [(shared, "channel", .assign(.string("phone")))])
        _ = try await fixture.transport(bram).push([try fixture.envelope(edit, in: team, by: bram, sequence: 1).bytes], to: team.id)

        // Anna's copy of the shared record is damaged: whether Bram's edit stays inside the
        // caseload cannot be decided, so the sync stops (before: a silent outside_caseload).
        try fixture.tamper(with: anna, "UPDATE record SET sealed = zeroblob(64)")
        await #expect(throws: VaultError.self) { try await fixture.sync(anna) }
    }
}
