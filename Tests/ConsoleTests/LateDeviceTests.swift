import Foundation
import InProcessRelay
import Sync
import Testing
import Vault
@testable import Console

/// Issue 9, attack 9 (second half): a device linked before a shared caseload existed never
/// joined it. Now the device that creates (or joins) the caseload adds its own other devices
/// and tells them through the own caseload.
@Suite struct LateDeviceTests {
    @Test func aDeviceLinkedBeforeASharedCaseloadExistedJoinsIt() async throws {
        let relay = try InProcessRelay()
        let connect: RelayConnector = { _, keys in relay.transport(as: keys?.publicKey) }
        let laptop = TestHome()
        laptop.connect = connect
        #expect(await laptop.run("sync", "--relay", "http://127.0.0.1:9").status == 0)
        let desktop = try await laptop.linkedDesktop(through: relay)

        // Only now the laptop creates a shared caseload, with a case in it.
        #expect(await laptop.run("caseload", "create", "Team Noord").status == 0)
        #expect(await laptop.run("org", "add", "Acme", "--caseload", "Team Noord").status == 0)
        #expect(await laptop.run("case", "open", "--org", "Acme", "--caseload", "Team Noord", "--summary", "Gedeeld").status == 0)
        #expect(await laptop.run("sync").status == 0)

        #expect(await desktop.run("sync").status == 0)
        let list = await desktop.run("caseload", "list", "--json")
        #expect(list.output.contains("Team Noord"), "\(list.output)")  // before: never joined
        let shown = await desktop.run("case", "show", "2026-001", "--json")
        #expect(shown.output.contains("Gedeeld"), "\(shown.errors)")
        // And the desktop writes there like the laptop.
        #expect(await desktop.run("case", "set", "2026-001", "outcome", "Van de desktop").status == 0)
        #expect(await desktop.run("sync").status == 0)
        #expect(await laptop.run("sync").status == 0)
        #expect(await laptop.run("case", "show", "2026-001", "--json").output.contains("Van de desktop"))
    }
}
