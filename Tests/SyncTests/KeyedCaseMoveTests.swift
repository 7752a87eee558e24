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
        let admin = try fixture.counsellor()
        let colleague = try fixture.counsellor()
        let team = try await fixture.share("Team", from: admin, with: colleague)
        let (_, record) = try fixture.openRegisterCase(in: admin, caseload: team, summary: "Gedeeld")
        for vault in [admin, colleague, admin] { try await fixture.sync(vault) }
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
