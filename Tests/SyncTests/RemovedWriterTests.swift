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

    @Test func aJumpAheadBeforeTheRemovalDoesNotRaiseTheCeiling() async throws {
        let admin = try fixture.counsellor()
        let colleague = try fixture.counsellor()
        let team = try await fixture.share("Team", from: admin, with: colleague)
        let record = try fixture.openCase(in: colleague, caseload: team, summary: "Eerste")
        try await fixture.sync(colleague)  // its keys for the admin, and the case
        let accepted = try fixture.sent(by: colleague, in: team)
        // Expecting removal, the colleague signs number 1000, leaving 2–999 for later forgeries.
        let jump = fixture.operations(by: colleague.device, [(record, "contact_minutes", .assign(.integer(1)))])
        _ = try await fixture.transport(colleague).push([try fixture.envelope(jump, in: team, by: colleague, sequence: 1_000).bytes], to: team.id)
        try await fixture.sync(admin)
        _ = try await CaseloadRemoval.remove(try Caseload.home(of: colleague).counsellor.description, from: team, vault: admin,
                                             relay: fixture.transport(admin), now: fixture.now)
        let entries = try admin.syncRead { try $0.membershipEntries(team.id) }.map { try MembershipEntry(bytes: $0) }
        let ceiling = try #require(entries.compactMap { if case .remove(_, let ceiling) = $0.action { ceiling } else { nil } }.first)
        #expect(ceiling == accepted)  // every number up to it was accepted; the jump was over a gap
        let forged = fixture.operations(by: colleague.device, [(record, "summary", .write("Vervalst", supersedes: []))])
        fixture.relay.misbehave { $0.pages = Misbehaviour.injecting([try! fixture.envelope(forged, in: team, by: colleague, sequence: 500).bytes]) }
        #expect(try await fixture.sync(admin).rejected[.notMember] == 1)
    }

    /// Issue 9, attack 9 (first half): a member made a reader keeps what they wrote before,
    /// also for members who join later; what they sign afterwards is rejected.
    @Test func aDemotedMembersEarlierEnvelopesStillCountForLaterMembers() async throws {
        let admin = try fixture.counsellor()
        let demoted = try fixture.counsellor()
        let team = try await fixture.share("Team", from: admin, with: demoted)
        let record = try fixture.openCase(in: demoted, caseload: team, summary: "Als lid geschreven")
        try await fixture.sync(demoted)
        try await fixture.sync(admin)
        #expect(try await CaseloadRoles.change(try Caseload.home(of: demoted).counsellor.description, in: team, to: .reader, vault: admin,
                                              relay: fixture.transport(admin), now: fixture.now) == 1)
        let late = try fixture.counsellor()
        try await fixture.invite(late, to: team, from: admin)
        #expect(try late.records()[record]?.text("summary")?.latest == "Als lid geschreven")  // before: rejected as not_a_member

        // Signed after the demotion (a relay serving it, as the relay itself refuses readers' pushes).
        let edit = fixture.operations(by: demoted.device, [(record, "summary", .write("Als lezer", supersedes: []))])
        let after = try fixture.envelope(edit, in: team, by: demoted, sequence: 2)
        await #expect(throws: SyncError.self) { _ = try await fixture.transport(demoted).push([after.bytes], to: team.id) }
        fixture.relay.misbehave { $0.pages = Misbehaviour.injecting([after.bytes]) }
        #expect(try await fixture.sync(late).rejected[.notMember] == 1)
        #expect(try late.records()[record]?.text("summary")?.latest == "Als lid geschreven")
    }
}
