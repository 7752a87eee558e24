import Foundation
import InProcessRelay
import Sync
import Testing
import Vault
@testable import Console

/// Issue 15, fault 5: a shared case's private note travels in the own caseload, which a new
/// device syncs first; the case itself travels in the shared caseload. The note made the
/// device know the record, without its caseload, so the case's own envelope was then
/// rejected as `outside_caseload` and the case never appeared there.
@Suite struct PrivateNoteFirstTests {
    @Test func aLinkedDeviceShowsASharedCaseWhosePrivateNoteArrivedFirst() async throws {
        let relay = try InProcessRelay()
        let connect: RelayConnector = { _, keys in relay.transport(as: keys?.publicKey) }
        let laptop = TestHome()
        laptop.connect = connect
        #expect(await laptop.run("caseload", "create", "Team Noord").status == 0)
        #expect(await laptop.run("org", "add", "Acme", "--caseload", "Team Noord").status == 0)
        #expect(await laptop.run("case", "open", "--org", "Acme", "--caseload", "Team Noord", "--summary", "Gedeeld").status == 0)
        #expect(await laptop.run("case", "set", "2026-001", "private_note", "Alleen voor mij").status == 0)
        #expect(await laptop.run("sync", "--relay", "http://127.0.0.1:9").status == 0)

        let desktop = try await laptop.linkedDesktop(through: relay)
        #expect(await desktop.run("sync").status == 0)
        let sync = await desktop.run("sync", "--json")
        #expect(!sync.output.contains("\"outside_caseload\": 1") && !sync.output.contains("\"outside_caseload\": 2"), "\(sync.output)")
        let shown = await desktop.run("case", "show", "2026-001", "--json")
        #expect(shown.status == 0, "\(shown.errors)")
        #expect(shown.output.contains("Gedeeld") && shown.output.contains("Alleen voor mij"), "\(shown.output)")
    }
}
