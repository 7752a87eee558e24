import Foundation
import InProcessRelay
import Sync
import Testing
import Vault

/// A sync killed or cut off after it sealed its outbox leaves the envelopes for the next
/// one, which sends them byte for byte and must say how many changes they carried (the
/// first version said 0: it counted only what it sealed itself).
@Suite struct ResumedPushTests {
    let fixture: SyncFixture
    init() throws { fixture = try SyncFixture() }

    @Test func aSyncThatResumesAnOutboxCountsTheChangesItSends() async throws {
        let laptop = try fixture.counsellor()
        try await fixture.sync(laptop)
        _ = try fixture.openCase(in: laptop)
        let written = try laptop.syncRead { try $0.unsentOperations().operations.count }
        let home = try Caseload.home(of: laptop)

        fixture.relay.misbehave { $0.dropsPushes = true }
        await #expect(throws: SyncError.self) { try await fixture.sync(laptop) }
        #expect(try laptop.syncRead { try $0.outbox(home.id) }.map(\.operations) == [written])

        fixture.relay.misbehave { $0.dropsPushes = false }
        let resumed = try await fixture.sync(laptop)
        #expect(written > 0)
        #expect(resumed.pushedEnvelopes == 1)
        #expect(resumed.pushedOperations == written)
        #expect(try laptop.syncRead { try $0.outbox(home.id) }.isEmpty)
    }
}
