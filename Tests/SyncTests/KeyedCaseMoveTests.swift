import Casework
import Register
import Replica
import Sync
import Testing
import Vault

/// A case with a key of its own is not moved into a caseload where a device runs a `vp` that
/// cannot read such keys (it would reject the content as `unknown_key_scope` and never see
/// the case); nothing changes, and the move goes once that device has shown it reads them.
@Suite struct KeyedCaseMoveTests {
    let fixture: SyncFixture
    init() throws { fixture = try SyncFixture() }

    @Test func aKeyedCaseWaitsForEveryDeviceOfTheCaseloadItMovesTo() async throws {
        let admin = try fixture.counsellor()
        let colleague = try fixture.counsellor()
        let team = try await fixture.share("Team", from: admin, with: colleague)
        let register = CaseRegister(vault: admin)
        let (ref, caseID) = try fixture.openRegisterCase(in: admin, summary: "Eigen")
        #expect(try admin.syncRead { try $0.caseKey(caseID.bytes) } != nil)

        // As for a colleague whose vp is from before key pools.
        try fixture.tamper(with: admin, "DELETE FROM setting WHERE name LIKE 'key_capable:%'")
        #expect(throws: SyncError.self) { try register.move(ref: ref, to: team) }
        #expect(try admin.records()[caseID]?.string("caseload") == nil)

        let colleagueKey = try colleague.identity().signing.publicKey.bytes
        try admin.syncTransaction { try $0.noteCapable(team.id, device: colleagueKey) }
        _ = try register.move(ref: ref, to: team)
        #expect(try admin.records()[caseID]?.string("caseload") == team.id.description)
    }
}

extension KeyedCaseMoveTests {
    /// Content of a case already in a caseload, changed while a device there has not shown it
    /// reads case keys (one that joined with an older vp): kept, deferred, and sent once it has.
    @Test func keyedContentWaitsForEveryDeviceOfItsCaseload() async throws {
        let (admin, colleague, team, _, record) = try await fixture.sharedCase()
        #expect(try colleague.records()[record]?.text("summary")?.versions.map(\.text) == ["Gedeeld"])

        try fixture.tamper(with: admin, "DELETE FROM setting WHERE name LIKE 'key_capable:%'")
        try admin.write { $0.write("Later", to: "summary", of: record) }
        #expect(try await fixture.sync(admin).caseContentWaiting == ["Team"])
        try await fixture.sync(colleague)
        #expect(try colleague.records()[record]?.text("summary")?.versions.map(\.text) == ["Gedeeld"])

        let colleagueKey = try colleague.identity().signing.publicKey.bytes
        try admin.syncTransaction { try $0.noteCapable(team.id, device: colleagueKey) }
        #expect(try await fixture.sync(admin).caseContentWaiting.isEmpty)
        try await fixture.sync(colleague)
        #expect(try colleague.records()[record]?.text("summary")?.versions.map(\.text) == ["Later"])
    }
}

extension KeyedCaseMoveTests {
    /// A case opened while a device of its caseload has not shown it reads case keys (an older
    /// vp, or a relay withholding what it sent) goes without one, and `vp case open` is told so.
    @Test func aCaseOpenedBesideAnOlderDeviceIsSaidToLackAKeyOfItsOwn() async throws {
        let laptop = try fixture.counsellor()
        let register = CaseRegister(vault: laptop)
        let first = try fixture.openRegisterCase(in: laptop, summary: "Eerste")
        #expect(try !register.lacksOwnKey(ref: first.ref))

        _ = try await fixture.linkedDevice(of: laptop)
        try fixture.tamper(with: laptop, "DELETE FROM setting WHERE name LIKE 'key_capable:%'")
        let second = try fixture.openRegisterCase(in: laptop, summary: "Tweede")
        #expect(try laptop.syncRead { try $0.caseKey(second.id.bytes) } == nil)
        #expect(try register.lacksOwnKey(ref: second.ref))

        // A vault that never syncs keeps everything on the device: nothing to say.
        let alone = try fixture.emptyVault()
        let kept = try fixture.openRegisterCase(in: alone, summary: "Alleen")
        #expect(try alone.syncRead { try $0.caseKey(kept.id.bytes) } == nil)
        #expect(try !CaseRegister(vault: alone).lacksOwnKey(ref: kept.ref))
    }
}

extension KeyedCaseMoveTests {
    /// A handover while own changes in the caseload are kept back would lose them once the
    /// successor removes this device: it is refused, nothing changed.
    @Test func aHandoverWaitsForChangesKeptBack() async throws {
        let (outgoing, successor, team, ref, record) = try await fixture.sharedCase()
        try fixture.tamper(with: outgoing, "DELETE FROM setting WHERE name LIKE 'key_capable:%'")
        try outgoing.write { $0.write("Later", to: "summary", of: record) }

        let who = try Caseload.home(of: successor).counsellor.description
        await #expect(throws: SyncError.changesWaiting("Team")) {
            _ = try await CaseRegister(vault: outgoing).handOver(refs: [ref], allOpen: false, to: who, via: team, today: try LocalDate.parse("2026-03-14"),
                                                                 relay: try fixture.transport(outgoing), now: fixture.now)
        }
        let successorKey = try successor.identity().signing.publicKey
        #expect(try team.membership(in: outgoing).members[successorKey]?.role == .member)
        #expect(try outgoing.syncRead { try $0.hasDeferred(team.id) })
    }
}
