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
        let today = try LocalDate.parse("2026-03-14")
        _ = try register.write { _ = try $0.addOrganisation(name: "Acme") }
        let ref = try register.openCase(CaseDraft(organisation: "Acme", opened: today, summary: "Eigen"), today: today).result
        let caseID = try #require(try admin.records().first { $0.value.string("ref") == ref }?.key)
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
