import Casework
import Foundation
import Identifiers
import InProcessRelay
import Replica
import Signatures
import Sync
import Testing
import Vault
import WireFormat
@testable import Console

/// What a member of a shared caseload writes there about others is not believed: a display
/// name for another counsellor, or a grant that would make a device take part in a caseload.
@Suite struct ColleagueClaimTests {
    let relay: InProcessRelay
    let admin = TestHome()
    let colleagueFolder = FileManager.default.temporaryDirectory.appendingPathComponent("colleague-\(UUID().uuidString)")

    init() throws {
        relay = try InProcessRelay()
        let relay = relay
        admin.connect = { _, keys in relay.transport(as: keys?.publicKey) }
    }

    /// The admin's caseload Team, shared with a colleague (whose vault is returned), synced.
    func sharedTeam() async throws -> (colleague: Vault, team: Caseload) {
        #expect(await admin.run("caseload", "create", "Team").status == 0)
        #expect(await admin.run("sync", "--relay", "http://127.0.0.1:9").status == 0)
        let adminVault = try admin.openVault()
        let colleague = try Vault.create(in: colleagueFolder, passphrase: Array(TestHome.passphrase.utf8), kdf: .interactive, wallClock: Self.now)
        try Caseload.createHome(in: colleague, milliseconds: Self.now())
        let code = LinkCode.generate()
        var joined: Task<String, Error>?
        let guestRelay = relay.transport(as: nil)
        _ = try await CaseloadInvitation.offer(code: code, caseload: try Caseload.named("Team", in: adminVault), role: .member, vault: adminVault,
                                               relay: relay.transport(as: try adminVault.identity().signing.publicKey), now: Self.now) {
            joined = Task { try await CaseloadInvitation.join(code: code, vault: colleague, relay: guestRelay) }
        }
        _ = try await joined?.value
        return (colleague, try Caseload.named("Team", in: colleague))
    }

    /// The test homes' clock, so that nothing the colleague writes is dated ahead of the admin's.
    static let now: @Sendable () -> UInt64 = { 1_773_489_600_000 }

    func sync(_ vault: Vault) async throws {
        _ = try await SyncEngine(vault: vault, routing: CaseSchema.routing, relay: relay.transport(as: try vault.identity().signing.publicKey),
                                 now: Self.now).run()
    }

    @Test func aNameWrittenForSomeoneElseIsNotShown() async throws {
        defer { try? FileManager.default.removeItem(at: colleagueFolder) }
        let (colleague, team) = try await sharedTeam()
        let adminID = try Caseload.home(of: try admin.openVault()).counsellor
        // A name signed by some other key, and one with a signature that is no signature.
        let forged = SignedDisplayName.sign("Nep", counsellor: adminID, key: SigningKeyPair.generate())
        try colleague.write { session in
            try session.setCounsellorName("Nep", counsellor: adminID.description, caseload: team.id.description, id: session.newRecordID())
            try session.setCounsellorName("Nep", counsellor: adminID.description, caseload: team.id.description, id: session.newRecordID(),
                                          signature: Hex.encode(forged.signature))
            try session.setCounsellorName("Nep", counsellor: adminID.description, caseload: team.id.description, id: session.newRecordID(),
                                          signature: "zz")
        }
        try await sync(colleague)
        let synced = await admin.run("sync", "--json")
        #expect(synced.status == 0 && synced.output.contains("\"applied_operations\": 14"), "\(synced.output)")
        let members = await admin.run("caseload", "members", "Team", "--json")
        #expect(!members.output.contains("Nep"), "\(members.output)")  // before: the admin was listed as "Nep"
    }

    @Test func aGrantPlantedInASharedCaseloadIsIgnored() async throws {
        defer { try? FileManager.default.removeItem(at: colleagueFolder) }
        let (colleague, team) = try await sharedTeam()
        let planted = SharedCaseloadGrant(caseload: String(repeating: "ab", count: 16), name: "Valstrik", keys: #"{"0":"\#(String(repeating: "11", count: 32))"}"#)
        try colleague.write { session in
            let id = session.newRecordID()
            session.assign(.string(team.id.description), to: CaseField.caseload, of: id)  // placed in Team, so check 10 lets it through
            session.tellOwnDevices(planted, id: id)
        }
        try await sync(colleague)
        let synced = await admin.run("sync", "--json")  // it would otherwise try to sync a caseload the relay does not know
        #expect(synced.status == 0 && synced.output.contains("\"applied_operations\": 5"), "\(synced.output) \(synced.errors)")
        #expect(!(await admin.run("caseload", "list", "--json")).output.contains("Valstrik"))
    }
}
