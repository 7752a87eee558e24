import Foundation
import InProcessRelay
import Sync
import Testing
import Vault
import WireFormat
@testable import Console

/// Issue 15, fault 5: a shared case's private note travels in the own caseload, which a new
/// device syncs first; the case itself travels in the shared caseload. The note made the
/// device know the record, without its caseload, so the case's own envelope was then
/// rejected as `outside_caseload` and the case never appeared there.
@Suite struct PrivateNoteFirstTests {
    /// Both orders: the own caseload first (as a sync goes), and the shared one first (a relay
    /// that holds the own caseload back from the new device during its first syncs).
    @Test(arguments: [true, false])
    func aLinkedDeviceShowsASharedCaseWithItsPrivateNoteInEitherOrder(homeFirst: Bool) async throws {
        let relay = try InProcessRelay()
        let connect: RelayConnector = { _, keys in relay.transport(as: keys?.publicKey) }
        let laptop = TestHome()
        laptop.connect = connect
        #expect(await laptop.run("caseload", "create", "Team Noord").status == 0)
        #expect(await laptop.run("org", "add", "Acme", "--caseload", "Team Noord").status == 0)
        #expect(await laptop.run("case", "open", "--org", "Acme", "--caseload", "Team Noord", "--summary", "Gedeeld").status == 0)
        #expect(await laptop.run("case", "set", "2026-001", "private_note", "Alleen voor mij").status == 0)
        #expect(await laptop.run("sync", "--relay", "http://127.0.0.1:9").status == 0)
        let laptopVault = try laptop.openVault()
        let home = try Caseload.home(of: laptopVault).id
        let laptopKey = try laptopVault.identity().signing.publicKey
        if !homeFirst {
            relay.misbehave { $0.pages = { page, caseload, device in
                caseload == home && device != laptopKey ? RelayPage(envelopes: [], next: 0, more: false) : page
            } }
        }

        let desktop = try await laptop.linkedDesktop(through: relay)
        let first = await desktop.run("sync", "--json")
        if !homeFirst {
            // The case has a key of its own, which reaches an own device through the own
            // caseload: until then its content is kept unopened, not rejected.
            let partly = await desktop.run("case", "show", "2026-001", "--json")
            #expect(partly.status == ExitStatus.notFound.rawValue && !partly.output.contains("Gedeeld"), "\(partly.output)")
        }
        relay.misbehave { $0 = Misbehaviour() }
        let second = await desktop.run("sync", "--json")
        for sync in [first, second] {
            #expect(sync.status == 0, "\(sync.errors)")
            #expect(sync.output.contains("\"outside_caseload\": 0"), "\(sync.output)")
        }
        let shown = await desktop.run("case", "show", "2026-001", "--json")
        #expect(shown.status == 0, "\(shown.errors)")
        #expect(shown.output.contains("Gedeeld") && shown.output.contains("Alleen voor mij"), "\(shown.output)")
    }
}
