import Casework
import Foundation
import InProcessRelay
import Sync
import Testing
import Vault
@testable import Console

/// A member of a shared caseload wrote a display name for another counsellor; it used to be
/// shown as theirs. A name counts only when a device of the named counsellor wrote it.
@Suite struct NameSpoofingTests {
    @Test func aNameWrittenForSomeoneElseIsNotShown() async throws {
        let relay = try InProcessRelay()
        let connect: RelayConnector = { _, keys in relay.transport(as: keys?.publicKey) }
        let admin = TestHome()
        admin.connect = connect
        #expect(await admin.run("caseload", "create", "Team").status == 0)
        #expect(await admin.run("sync", "--relay", "http://127.0.0.1:9").status == 0)
        let adminVault = try admin.openVault()
        let colleagueFolder = FileManager.default.temporaryDirectory.appendingPathComponent("spoof-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: colleagueFolder) }
        let colleagueVault = try Vault.create(in: colleagueFolder, passphrase: Array(TestHome.passphrase.utf8), kdf: .interactive)
        try Caseload.createHome(in: colleagueVault, milliseconds: UInt64(Date().timeIntervalSince1970 * 1000))
        let team = try Caseload.named("Team", in: adminVault)
        let code = LinkCode.generate()
        var joined: Task<String, Error>?
        _ = try await CaseloadInvitation.offer(code: code, caseload: team, role: .member, vault: adminVault,
                                               relay: relay.transport(as: try adminVault.identity().signing.publicKey),
                                               now: { UInt64(Date().timeIntervalSince1970 * 1000) }) {
            joined = Task { try await CaseloadInvitation.join(code: code, vault: colleagueVault, relay: relay.transport(as: nil)) }
        }
        _ = try await joined?.value
        // The colleague writes a profile record naming the admin.
        let colleagueTeam = try Caseload.named("Team", in: colleagueVault)
        let adminID = try Caseload.home(of: adminVault).counsellor
        try colleagueVault.write { session in
            try session.setCounsellorName("Nep", counsellor: adminID.description, caseload: colleagueTeam.id.description, id: session.newRecordID())
        }
        let engine = { (vault: Vault) in
            try SyncEngine(vault: vault, routing: CaseSchema.routing, relay: relay.transport(as: try vault.identity().signing.publicKey),
                           now: { UInt64(Date().timeIntervalSince1970 * 1000) })
        }
        _ = try await engine(colleagueVault).run()
        #expect(await admin.run("sync").status == 0)
        let members = await admin.run("caseload", "members", "Team", "--json")
        #expect(!members.output.contains("Nep"), "\(members.output)")  // before: the admin was listed as "Nep"
    }
}
