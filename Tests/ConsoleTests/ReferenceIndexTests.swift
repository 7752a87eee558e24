import Foundation
import InProcessRelay
import Sync
import Testing
import Vault
@testable import Console

/// Commands on one case read it through the vault's index: references given out twice by
/// two offline devices still resolve (2026-002 and 2026-002b), and the next number counts
/// the cases that arrived by sync.
@Suite struct ReferenceIndexTests {
    @Test func referencesGivenTwiceOfflineResolveAndTheNextNumberCountsSyncedCases() async throws {
        let relay = try InProcessRelay()
        let connect: RelayConnector = { _, keys in relay.transport(as: keys?.publicKey) }
        let laptop = TestHome()
        laptop.connect = connect
        await laptop.run("org", "add", "Acme")
        #expect(await laptop.run("case", "open", "--org", "Acme").output == "2026-001\n")
        #expect(await laptop.run("sync", "--relay", "http://127.0.0.1:9").status == 0)

        // A desktop linked to the laptop, through the same relay.
        let desktop = try await laptop.linkedDesktop(through: relay)

        // Both open case 2 offline, then sync.
        #expect(await laptop.run("case", "open", "--org", "Acme", "--summary", "laptop").output == "2026-002\n")
        #expect(await desktop.run("case", "open", "--org", "Acme", "--summary", "desktop").output == "2026-002\n")
        for home in [laptop, desktop, laptop] { #expect(await home.run("sync").status == 0) }

        for home in [laptop, desktop] {
            let listed = try #require(try await home.json("case", "list") as? [[String: Any]])
            #expect(listed.compactMap { $0["ref"] as? String } == ["2026-001", "2026-002", "2026-002b"])
            let first = try #require(try await home.json("case", "show", "2026-002") as? [String: Any])
            let second = try #require(try await home.json("case", "show", "2026-002b") as? [String: Any])
            #expect(Set([first["summary"] as? String, second["summary"] as? String]) == ["laptop", "desktop"])
        }
        #expect(await laptop.run("case", "set", "2026-002b", "channel", "phone").status == 0)
        let changed = try #require(try await laptop.json("case", "show", "2026-002b") as? [String: Any])
        #expect(changed["channel"] as? String == "phone")
        #expect(await desktop.run("case", "open", "--org", "Acme").output == "2026-003\n")
        #expect(await laptop.run("case", "show", "2026-009").status == ExitStatus.notFound.rawValue)
    }
}
