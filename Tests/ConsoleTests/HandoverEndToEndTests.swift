import Foundation
import Testing
@testable import Console
import Vault

/// Issue 11, item 5: Anna (laptop and desktop) hands her open cases to Bram through a
/// caseload they share, over a real relay process. Bram gets the cases without Anna's
/// private notes and becomes an admin; his acceptance removes Anna (key rotation); both
/// audit trails show the handover; Anna's devices keep nothing of the cases.
@Suite(.serialized) struct HandoverEndToEndTests: ProcessCommands {
    let laptop = TestHome(createVault: false)
    let desktop = TestHome(createVault: false)
    let bram = TestHome(createVault: false)

    func json(_ home: TestHome, _ arguments: String...) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(try vp(home, arguments + ["--json"]).output.utf8))
    }

    /// Whether anything in `home`'s log mentions one of `markers`.
    func logMentions(_ markers: [String], _ home: TestHome) throws -> Bool {
        try home.openVault().operations().contains { operation in markers.contains { String(describing: operation).contains($0) } }
    }

    @Test func openCasesGoToTheSuccessorWithoutPrivateNotesAndTheOutgoingCounsellorLetsGo() throws {
        let relay = try RelayProcess()
        let url = relay.url.absoluteString
        try ok(laptop, "init", "--kdf", "interactive", "--name", "Anna")
        try ok(bram, "init", "--kdf", "interactive", "--name", "Bram")
        try ok(laptop, "caseload", "create", "Overdracht")
        try ok(laptop, "sync", "--relay", url)
        try ok(bram, "sync", "--relay", url)
        try CodeExchange.run(host: laptop, ["caseload", "invite", "Overdracht", "--role", "member"], guest: bram) { ["caseload", "join", $0] }
        try CodeExchange.run(host: laptop, ["device", "link"], guest: desktop) { ["init", "--kdf", "interactive", "--join", $0, "--relay", url] }
        try ok(laptop, "org", "add", "Acme")
        try ok(laptop, "case", "open", "--org", "Acme", "--date", "2026-02-01", "--summary", "MARK-OPEN-ONE")
        try ok(laptop, "case", "set", "2026-001", "private_note", "MARK-PRIVATE")
        try ok(laptop, "contact", "add", "2026-001", "--date", "2026-02-02", "--minutes", "30", "--channel", "phone", "--summary", "MARK-TALK")
        try ok(laptop, "case", "open", "--org", "Acme", "--date", "2026-02-03", "--summary", "MARK-OPEN-TWO")
        try ok(laptop, "case", "open", "--org", "Acme", "--date", "2026-02-04", "--summary", "Gesloten")
        try ok(laptop, "case", "close", "2026-003", "--date", "2026-02-05")
        try ok(laptop, "sync")
        try ok(desktop, "sync")
        #expect(try ok(desktop, "case", "show", "2026-001").contains("MARK-PRIVATE"))
        let desktopCaseloads = try ok(desktop, "caseload", "list", "--json")
        #expect(desktopCaseloads.contains("Overdracht"), "\(desktopCaseloads)")

        // A closed case is not handed over; a stranger is not a successor.
        #expect(try vp(laptop, ["handover", "give", "2026-003", "--to", "Bram", "--via", "Overdracht"]).status == 65)
        #expect(try vp(laptop, ["handover", "give", "--all", "--to", "Carla", "--via", "Overdracht"]).status == 66)

        let given = try ok(laptop, "handover", "give", "--all", "--to", "Bram", "--via", "Overdracht", "--lang", "en")
        #expect(given.contains("Handed to Bram through 'Overdracht': 2026-001, 2026-002"), "\(given)")
        // Until the successor accepts, Anna keeps them (now in the shared caseload): a
        // handover that never arrives loses nothing.
        #expect(try ok(laptop, "case", "show", "2026-001").contains("Overdracht"))
        #expect(try ok(laptop, "case", "show", "2026-003").contains("Gesloten"))
        try ok(desktop, "sync")
        let desktopShown = try vp(desktop, ["case", "show", "2026-002"])
        #expect(desktopShown.output.contains("Overdracht"), "\(desktopShown.status) \(desktopShown.output) \(desktopShown.errors)")

        let waiting = try vp(bram, ["sync"])
        #expect(waiting.errors.contains("vp handover accept"), "\(waiting.errors)")
        let shown = try ok(bram, "case", "show", "2026-001")
        #expect(shown.contains("MARK-OPEN-ONE") && shown.contains("MARK-TALK") && !shown.contains("MARK-PRIVATE"), "\(shown)")
        #expect(!(try logMentions(["MARK-PRIVATE"], bram)))
        let accepted = try ok(bram, "handover", "accept", "--lang", "en")
        #expect(accepted.contains("Accepted from Anna: 2026-001, 2026-002"), "\(accepted)")
        let members = try #require(try json(bram, "caseload", "members", "Overdracht") as? [[String: Any]])
        #expect(members.allSatisfy { $0["name"] as? String != "Anna" } && members.contains { $0["role"] as? String == "admin" }, "\(members)")
        try ok(bram, "case", "set", "2026-002", "summary", "Verder bij Bram")
        try ok(bram, "sync")

        for home in [laptop, desktop] {
            let synced = try vp(home, ["sync", "--lang", "en"])
            #expect(synced.errors.contains("removed from caseload 'Overdracht'"), "\(synced.errors)")
            let stillShown = try vp(home, ["case", "show", "2026-001"])
            let trail = try vp(home, ["case", "history", "2026-001"]).output
            #expect(stillShown.status == 66, "\(home === laptop) \(synced.status) \(synced.errors) \(trail)")
            #expect(try ok(home, "case", "show", "2026-003").contains("Gesloten"))
            // Its references stay taken here.
            #expect(try ok(home, "case", "open", "--org", "Acme", "--date", "2026-03-01").hasPrefix("2026-00"))
            #expect(!(try logMentions(["MARK-OPEN-ONE", "MARK-OPEN-TWO", "MARK-PRIVATE", "MARK-TALK", "Verder bij Bram"], home)))
            let list = try #require(try json(home, "handover", "list") as? [[String: Any]])
            #expect(list.count == 1 && list[0]["refs"] as? [String] == ["2026-001", "2026-002"], "\(list)")
        }
        let received = try #require(try json(bram, "handover", "list") as? [[String: Any]])
        #expect(received.count == 1 && received[0]["accepted"] is String, "\(received)")
        #expect(try ok(bram, "case", "show", "2026-002").contains("Verder bij Bram"))
    }
}
