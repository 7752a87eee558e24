import Casework
import Foundation
import InProcessRelay
import Register
import Replica
import Sync
import Testing
import Vault
import WireFormat

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

    /// Only the `destroy` entry of case `record` in `caseload`, as an admin's device appends it
    /// after carrying out an order (no order record written): kept on `admin` with the key
    /// `holder` holds, and appended by its sync, whose report is returned.
    @discardableResult
    func appendEntryOnly(for record: RecordID, keyFrom holder: Vault? = nil, in caseload: Caseload, by admin: Vault) async throws -> SyncReport {
        let held = try #require(try (holder ?? admin).syncRead { try $0.caseKey(record.bytes) })
        try admin.syncTransaction { try $0.addDestroyEntry(DestroyEntry(destroying: held, in: caseload.id)) }
        return try await sync(admin)
    }

    @Test func theOrderingAdminAppendsADestroyEntryOnceEveryDeviceReadsThem() async throws {
        let admin = try fixture.counsellor()
        let colleague = try fixture.counsellor()
        let team = try await fixture.share("Team", from: admin, with: colleague)
        // Opened as `vp case open` does: with a key, the colleague having joined with a hand-over key.
        let (ref, record) = try fixture.openRegisterCase(in: admin, caseload: team, summary: "Gedeeld")
        let (register, caseID) = (CaseRegister(vault: admin), record.bytes)
        #expect(try admin.syncRead { try $0.caseKey(caseID) } != nil)
        for vault in [admin, colleague, admin] { try await sync(vault) }

        // As for a colleague whose vp is from before destroy entries: the entry waits.
        try fixture.tamper(with: admin, "DELETE FROM setting WHERE name LIKE 'key_capable:%'")
        _ = try register.destroyCase(ref: ref, force: true, today: try LocalDate.parse("2026-03-14"), now: fixture.now())
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

/// Issue 11, item 1: no key outlives its case's `destroy` entry, whether or not a destruction
/// order reached the device; a copy of the case moved elsewhere before the entry came keeps
/// its key; and nothing of a case whose key was destroyed leaves again under the epoch key.
extension DestroyEntryTests {
    /// The entry alone (no order record): every device forgets the key and erases the case.
    @Test func aKeyGoesWithItsCasesDestroyEntryEvenWithoutAnOrder() async throws {
        let (admin, colleague, team, ref, record) = try await fixture.sharedCase()
        #expect(try colleague.syncRead { try $0.caseKey(record.bytes) } != nil)
        #expect(try colleague.records()[record] != nil)

        // Only the entry, as an admin's device appends it.
        #expect(try await appendEntryOnly(for: record, in: team, by: admin).destroyEntriesWaiting == 0)
        #expect(try await sync(colleague).destroyedCases == [ref])
        #expect(try colleague.syncRead { try $0.caseKey(record.bytes) } == nil)
        #expect(try colleague.syncRead { try $0.isDestroyed(record.bytes) })
        #expect(try colleague.records()[record] == nil)
        // The admin appended it at the end of its sync; its next sync takes its own key.
        try await sync(admin)
        #expect(try admin.syncRead { try $0.caseKey(record.bytes) } == nil)
        #expect(try admin.records()[record] == nil)
    }

    /// A colleague who moved the case to their own caseload before the entry came keeps it:
    /// the key stays, no longer handed to the destroying caseload, and later changes still
    /// travel under it.
    @Test func aCopyMovedBeforeTheEntryCameKeepsItsKey() async throws {
        let (admin, colleague, team, ref, record) = try await fixture.sharedCase()
        let mine = try Caseload.home(of: colleague)
        _ = try CaseRegister(vault: colleague).move(ref: ref, to: mine)

        try await appendEntryOnly(for: record, in: team, by: admin)
        #expect(try await sync(colleague).destroyedCases.isEmpty)
        let kept = try #require(try colleague.syncRead { try $0.caseKey(record.bytes) })
        #expect(kept.holders[team.id] == nil)
        #expect(kept.holders[mine.id] != nil)
        #expect(try colleague.records()[record]?.text("summary")?.versions.map(\.text) == ["Gedeeld"])

        let marker = "MARKER-\(UUID().uuidString.prefix(8))"
        try colleague.write { $0.write("Verplaatst \(marker)", to: "summary", of: record) }
        try await sync(colleague)
        let copy = StolenRelayCopy(try await fixture.relayEnvelopes(mine.id, reader: colleague))
        let keys = try StolenRelayCopy.Keys(of: [colleague])
        #expect(!copy.contentEnvelopes(of: record.bytes, with: keys).isEmpty)
        #expect(!copy.opens(case: record.bytes, markers: [marker], with: keys.epochOnly))
    }

    /// What is left here of a case whose key this device destroyed (a change made before the
    /// destruction reached it) is never sent: above all not under the epoch key, which every
    /// member keeps.
    @Test func nothingOfACaseWhoseKeyWasDestroyedLeavesUnderTheEpochKey() async throws {
        let vault = try fixture.counsellor()
        let (_, record) = try fixture.openRegisterCase(in: vault, summary: "Eigen")
        try await sync(vault)
        try vault.syncTransaction { try $0.destroyCaseKey(record.bytes) }
        let marker = "MARKER-\(UUID().uuidString.prefix(8))"
        try vault.write { $0.write("Na de vernietiging \(marker)", to: "summary", of: record) }
        try await sync(vault)
        let home = try Caseload.home(of: vault)
        let copy = StolenRelayCopy(try await fixture.relayEnvelopes(home.id, reader: vault))
        #expect(!copy.opens(case: record.bytes, markers: [marker], with: try StolenRelayCopy.Keys(of: [vault])))
    }
}

extension DestroyEntryTests {
    /// The home entry a device appends beside an order given in a shared caseload (the case's
    /// private note travelled home) does not take a copy another own device moved home before
    /// the order came: that device keeps the case and its key, as the order leaves it.
    @Test(arguments: [false, true]) func aCopyMovedHomeSurvivesTheHomeEntryBesideASharedOrder(withholdingTheOrder: Bool) async throws {
        let laptop = try fixture.counsellor()
        let colleague = try fixture.counsellor()
        let team = try await fixture.share("Team", from: laptop, with: colleague)
        let desktop = try await fixture.linkedDevice(of: laptop)
        let (ref, record) = try fixture.openRegisterCase(in: laptop, caseload: team, summary: "Gedeeld")
        let register = CaseRegister(vault: laptop)
        let today = try LocalDate.parse("2026-03-14")
        _ = try register.write { try $0.setCaseField(ref: ref, field: "private_note", value: "Notitie", today: today) }
        for _ in 0..<2 { for vault in [laptop, desktop, colleague] { try await sync(vault) } }
        let home = try Caseload.home(of: laptop)
        #expect(try desktop.syncRead { try $0.caseKey(record.bytes) }?.holders[home.id] != nil)

        _ = try CaseRegister(vault: desktop).move(ref: ref, to: home)
        _ = try register.destroyCase(ref: ref, force: true, today: today, now: fixture.now())
        #expect(try await sync(laptop).destroyEntriesWaiting == 0)
        // The order does not reach the desktop (withheld, or late): the entries do.
        let desktopKey = try desktop.identity().signing.publicKey
        if withholdingTheOrder {
            fixture.relay.misbehave { $0.pages = { page, caseload, device in
                caseload == team.id && device == desktopKey ? RelayPage(envelopes: [], next: page.next, more: false) : page
            } }
        }
        #expect(try home.membership(in: laptop).destroyedCases[record.bytes] != nil)
        try await sync(desktop)
        #expect(try home.membership(in: desktop).destroyedCases[record.bytes] != nil)
        #expect(try team.membership(in: desktop).destroyedCases[record.bytes] != nil)
        #expect(try desktop.records()[record]?.text("summary")?.versions.map(\.text) == ["Gedeeld"])
        let kept = try #require(try desktop.syncRead { try $0.caseKey(record.bytes) })
        #expect(kept.holders[team.id] == nil)
    }
}

extension DestroyEntryTests {
    /// A record placed in the case but living elsewhere (a conversation left at home when
    /// the case moved) does not save the key: the key goes with the case record.
    @Test func aStrayRecordElsewhereDoesNotKeepTheKey() async throws {
        let (admin, colleague, team, _, record) = try await fixture.sharedCase()
        let stray = try colleague.write { session in
            let id = session.newRecordID()
            session.assign(.string("contact"), to: "kind", of: id)
            session.assign(.string(record.description), to: "case", of: id)
            return id
        }

        try await appendEntryOnly(for: record, in: team, by: admin)
        try await sync(colleague)
        #expect(try colleague.syncRead { try $0.caseKey(record.bytes) } == nil)
        #expect(try colleague.records()[record] == nil)
        #expect(try colleague.records()[stray] != nil)
    }

    /// A device removed from the caseload right after the destruction still honours the
    /// entry signed before its removal.
    @Test func aDeviceRemovedAfterTheEntryStillForgetsTheKey() async throws {
        let (admin, colleague, team, _, record) = try await fixture.sharedCase()

        try await appendEntryOnly(for: record, in: team, by: admin)
        let counsellor = try Caseload.home(of: colleague).counsellor.description
        _ = try await CaseRegister(vault: admin).removeColleague(counsellor, from: team, relay: try fixture.transport(admin), now: fixture.now)
        #expect(try await sync(colleague).removedFrom == ["Team"])
        #expect(try colleague.syncRead { try $0.caseKey(record.bytes) } == nil)
        #expect(try colleague.records()[record] == nil)
    }
}

extension DestroyEntryTests {
    /// A case known here only by its private note (which travels home, whatever caseload the
    /// case is in) is not a copy living at home: the caseload's entry takes the note and the key.
    @Test func aCaseKnownOnlyByItsPrivateNoteGoesWithTheEntry() async throws {
        let (admin, colleague, team, _, _) = try await fixture.sharedCase()
        let caseKey = try CaseKey.create(for: team.id, in: colleague)
        let record = RecordID(bytes: caseKey.caseID)!
        try colleague.write { $0.write("Notitie", to: "private_note", of: record) }
        try await appendEntryOnly(for: record, keyFrom: colleague, in: team, by: admin)
        try await sync(colleague)
        #expect(try colleague.syncRead { try $0.caseKey(caseKey.caseID) } == nil)
        #expect(try colleague.records()[record] == nil)
    }
}
