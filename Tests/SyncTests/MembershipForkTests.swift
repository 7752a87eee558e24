import Foundation
import InProcessRelay
import Replica
import Signatures
import Sync
import Testing
import Vault
import WireFormat

/// Issue 9, attack 2: a relay that hides membership entries from some members (here the
/// removal of a colleague and its rotation) would have them keep writing under the old
/// epoch, readable by the removed colleague. Envelopes commit to the membership head their
/// author had; a member shown a shorter log keeps them waiting and writes nothing there
/// until the relay shows the whole log; one signed under a different log is `forked`.
@Suite struct MembershipForkTests {
    let fixture: SyncFixture
    init() throws { fixture = try SyncFixture() }

    /// Admin, member and a colleague the admin removes; the relay shows the member the log
    /// without the removal and its rotation.
    func removalHiddenFromMember() async throws -> (admin: Vault, member: Vault, team: Caseload) {
        let admin = try fixture.counsellor()
        let member = try fixture.counsellor()
        let removed = try fixture.counsellor()
        let team = try await fixture.share("Team", from: admin, with: member)
        try await fixture.invite(removed, to: team, from: admin)
        try await fixture.sync(member)
        let memberKey = try member.identity().signing.publicKey
        let known = try member.syncRead { try $0.membershipEntries(team.id) }.count
        fixture.relay.misbehave { $0.membership = { entries, _, device in device == memberKey ? Array(entries.prefix(known)) : entries } }
        try await fixture.sync(admin)
        _ = try await CaseloadRemoval.remove(try Caseload.home(of: removed).counsellor.description, from: team, vault: admin,
                                             relay: fixture.transport(admin), now: fixture.now)
        return (admin, member, team)
    }

    @Test func aRemovalIsAnnouncedEvenWhenNothingElseIsWritten() async throws {
        let (admin, member, _) = try await removalHiddenFromMember()
        try await fixture.sync(admin)  // sends an envelope committing to the longer log, with nothing in it
        #expect(try await fixture.sync(member).membershipInDoubt == ["Team"])
    }

    @Test func aMemberShownATruncatedLogWaitsAndSendsNothing() async throws {
        let (admin, member, team) = try await removalHiddenFromMember()
        let record = try fixture.openCase(in: admin, caseload: team, summary: "Na de verwijdering")
        try await fixture.sync(admin)

        let draft = try fixture.openCase(in: member, caseload: team, summary: "Voor het team")
        let doubted = try await fixture.sync(member)
        #expect(doubted.membershipInDoubt == ["Team"])  // before: synced on in the old epoch
        #expect(try member.records()[record] == nil)
        #expect(try member.syncRead { try $0.outbox(team.id) }.isEmpty)  // nothing sealed under the stale log
        #expect(try await fixture.sync(member).membershipInDoubt == ["Team"])  // and it stays so

        // Once the relay shows the whole log, the member catches up and writes under the new epoch.
        fixture.relay.misbehave { $0 = Misbehaviour() }
        let report = try await fixture.sync(member)
        #expect(report.membershipInDoubt.isEmpty)
        #expect(report.pushedOperations > 0)
        #expect(try member.records()[record] != nil)
        try await fixture.sync(admin)
        #expect(try admin.records()[draft]?.text("summary")?.latest == "Voor het team")
    }

    @Test func anEnvelopeCommittingToADifferentLogIsAFork() async throws {
        let laptop = try fixture.counsellor()
        let desktop = try await fixture.linkedDevice(of: laptop)
        let home = try Caseload.home(of: laptop)
        let record = try fixture.openCase(in: laptop)
        try await fixture.sync(laptop)
        // The desktop signs under a head that is not the laptop's entry at that position.
        let edit = fixture.operations(by: desktop.device, [(record, "contact_minutes", .assign(.integer(5)))])
        let honest = try fixture.commitment(of: desktop, in: home)
        let forked = EnvelopeCommitment(membershipLength: honest.membershipLength, membershipHead: [UInt8](repeating: 7, count: 32), marks: [])
        let keys = try desktop.syncRead { try $0.epochKeys(home.id) }
        let envelope = try EnvelopeSeal.seal(edit, caseload: home.id, epoch: 0, key: keys[0]!, author: desktop.identity().signing, sequence: 1,
                                             commitment: forked)
        // An honest relay refuses it; a hostile one serves it anyway.
        await #expect(throws: SyncError.self) { _ = try await fixture.transport(desktop).push([envelope.bytes], to: home.id) }
        fixture.relay.misbehave { $0.pages = Misbehaviour.injecting([envelope.bytes]) }
        #expect(try await fixture.sync(laptop).rejected[.forked] == 1)
        #expect(try laptop.records()[record]?.value("contact_minutes") == nil)
    }

    @Test func aStrangersClaimOfALongerLogChangesNothing() async throws {
        let laptop = try fixture.counsellor()
        let home = try Caseload.home(of: laptop)
        let stranger = SigningKeyPair.generate()
        let key = try laptop.syncRead { try $0.epochKeys(home.id) }[0]!
        let claim = EnvelopeCommitment(membershipLength: 1 << 40, membershipHead: [UInt8](repeating: 1, count: 32), marks: [])
        let envelope = try EnvelopeSeal.seal([], caseload: home.id, epoch: 0, key: key, author: stranger, sequence: 1, commitment: claim)
        fixture.relay.misbehave { $0.pages = Misbehaviour.injecting([envelope.bytes]) }
        let report = try await fixture.sync(laptop)
        #expect(report.rejected[.notMember] == 1 && report.membershipInDoubt.isEmpty)
        try fixture.openCase(in: laptop)
        #expect(try await fixture.sync(laptop).pushedOperations > 0)
    }
}
