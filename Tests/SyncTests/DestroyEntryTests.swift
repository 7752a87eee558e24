import Casework
import Foundation
import Register
import Replica
import Sync
import Testing
import Vault

/// Issue 11, item 3 (the relay's part): the admin who destroys a case with a key of its own
/// appends a `destroy` entry to the caseload's log at its next sync, so the relay cuts the
/// case's envelopes to stubs; while a device of the caseload has not shown that it reads
/// such entries (a `vp` from before them would stop syncing the caseload), the entry waits.
@Suite struct DestroyEntryTests {
    let fixture: SyncFixture
    init() throws { fixture = try SyncFixture() }

    @discardableResult
    func sync(_ vault: Vault) async throws -> SyncReport {
        try await CaseRegister(vault: vault).sync(relay: try fixture.transport(vault), now: fixture.now)
    }

    @Test func theOrderingAdminAppendsADestroyEntryOnceEveryDeviceReadsThem() async throws {
        let admin = try fixture.counsellor()
        let colleague = try fixture.counsellor()
        let team = try await fixture.share("Team", from: admin, with: colleague)
        // Opened as `vp case open` does: with a key, the colleague having joined with a hand-over key.
        let register = CaseRegister(vault: admin)
        let today = try LocalDate.parse("2026-03-14")
        _ = try register.write { _ = try $0.addOrganisation(name: "Acme", caseload: team.id.description) }
        let ref = try register.openCase(CaseDraft(organisation: "Acme", opened: today, summary: "Gedeeld", caseload: team.id.description), today: today).result
        let caseID = try #require(try admin.records().first { $0.value.string("ref") == ref }?.key).bytes
        #expect(try admin.syncRead { try $0.caseKey(caseID) } != nil)
        for vault in [admin, colleague, admin] { try await sync(vault) }

        // As for a colleague whose vp is from before destroy entries: the entry waits.
        try fixture.tamper(with: admin, "DELETE FROM setting WHERE name LIKE 'key_capable:%'")
        _ = try register.destroyCase(ref: ref, force: true, today: today, now: fixture.now())
        #expect(try await sync(admin).destroyEntriesWaiting == 1)
        #expect(try admin.syncRead { try $0.destroyEntries() }.map(\.caseload) == [team.id])
        #expect(try team.membership(in: admin).destroyedCases.isEmpty)

        // Once it has shown it reads them (as its control envelope would), the entry goes.
        let colleagueKey = try colleague.identity().signing.publicKey.bytes
        try admin.syncTransaction { try $0.noteCapable(team.id, device: colleagueKey) }
        #expect(try await sync(admin).destroyEntriesWaiting == 0)
        #expect(try admin.syncRead { try $0.destroyEntries() }.isEmpty)
        try await sync(colleague)
        #expect(try team.membership(in: colleague).destroyedCases[caseID] != nil)
        #expect(try colleague.records()[RecordID(bytes: caseID)!] == nil)
    }
}
