import Foundation
import InProcessRelay
import Replica
import Sync
import Testing
import Vault
import WireFormat

/// Issue 9, attack 1: a removed colleague keeps writing, and a relay that works with them
/// (or a copy of its data from before the removal) serves those envelopes, in the old epoch
/// and numbered after the last one the remover had. The removal's ceiling stops them.
@Suite struct RemovedWriterTests {
    let fixture: SyncFixture
    init() throws { fixture = try SyncFixture() }

    @Test func envelopesAboveTheRemovalCeilingAreRejectedEverywhere() async throws {
        let admin = try fixture.counsellor()
        let removed = try fixture.counsellor()
        let late = try fixture.counsellor()
        let team = try await fixture.share("Team", from: admin, with: removed)
        try await fixture.invite(late, to: team, from: admin)
        let record = try fixture.openCase(in: removed, caseload: team, summary: "Voor de verwijdering")
        try await fixture.sync(removed)
        // The admin syncs first (as `vp caseload remove` does, so the ceiling covers envelope 1), then removes.
        let counsellor = try Caseload.home(of: removed).counsellor
        try await fixture.sync(admin)
        #expect(try await CaseloadRemoval.remove(counsellor.description, from: team, vault: admin, relay: fixture.transport(admin), now: fixture.now) == 1)
        #expect(try admin.records()[record] != nil)

        // Afterwards the removed colleague signs envelope 2 in the old epoch; the relay serves it.
        let edit = fixture.operations(by: removed.device, [(record, "summary", .write("Na de verwijdering", supersedes: []))])
        let after = try fixture.envelope(edit, in: team, by: removed, sequence: 2, epoch: 0)
        fixture.relay.misbehave { $0.pages = Misbehaviour.injecting([after.bytes]) }
        let adminReport = try await fixture.sync(admin)
        #expect(adminReport.rejected[.notMember] == 1)  // before: applied
        // A member who had not read envelope 1 yet still gets it (written before the removal).
        let lateReport = try await fixture.sync(late)
        #expect(lateReport.rejected[.notMember] == 1)
        for vault in [admin, late] {
            #expect(try vault.records()[record]?.text("summary")?.versions.map(\.text) == ["Voor de verwijdering"])
        }
    }
}
