import Foundation
import GRDB
import Testing
@testable import Console
import Sync
import Vault
import WireFormat

/// Counsellor A (two devices, admin), B (member) and C (reader) share a caseload through a
/// real relay process, before and after the relay restarts.
@Suite(.serialized) struct SharedCaseloadTests: ProcessCommands {
    let laptopA = TestHome(createVault: false)
    let desktopA = TestHome(createVault: false)
    let counsellorB = TestHome(createVault: false)
    let counsellorC = TestHome()
    let counsellorD = TestHome()


    /// Runs an inviting command on `host` and the joining one on `guest` with its code.
    func exchange(host: TestHome, _ hostArguments: [String], guest: TestHome, _ guestArguments: (String) -> [String]) throws {
        let (offer, output, errors) = try VPProcess.start(hostArguments, environment: host.environment)
        let code = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
        let joined = try vp(guest, guestArguments(code))
        #expect(joined.status == 0, "\(joined.errors)")
        offer.waitUntilExit()
        #expect(offer.terminationStatus == 0, "\(String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))")
        // Both sides show the same comparison code, made of both devices' keys.
        let hostCode = comparisonCode(String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
        #expect(hostCode != nil && hostCode == comparisonCode(joined.output))
    }

    func comparisonCode(_ output: String) -> String? {
        output.split(separator: "\n").first { $0.contains("comparison code: ") }
            .map { String($0.split(separator: ":")[1].drop { $0 == " " }.prefix(35)) }
    }

    /// The membership code `vp caseload verify` shows on `home`.
    func membershipCode(_ home: TestHome) throws -> String {
        let shown = try JSONSerialization.jsonObject(with: Data(try ok(home, "caseload", "verify", "Team Noord", "--json").utf8)) as? [String: Any]
        return try #require(shown?["code"] as? String)
    }

    func shownCase(_ home: TestHome) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(try ok(home, "case", "show", "2026-001", "--json").utf8)) as? [String: Any])
    }

    @Test func shareEditConvergeRemoveAndSurviveARelayRestart() throws {
        var relay = try RelayProcess()
        let url = relay.url.absoluteString
        try ok(laptopA, "init", "--kdf", "interactive", "--name", "Anna")
        try ok(counsellorB, "init", "--kdf", "interactive", "--name", "Bram")
        try ok(laptopA, "caseload", "create", "Team Noord")
        try ok(laptopA, "org", "add", "Acme", "--caseload", "Team Noord")
        try ok(laptopA, "case", "open", "--org", "Acme", "--caseload", "team noord", "--date", "2026-01-05", "--summary", "Begin")
        try ok(laptopA, "org", "add", "Eigen BV")
        try ok(laptopA, "case", "open", "--org", "Eigen BV", "--date", "2026-01-05", "--summary", "Alleen van A")  // never shared
        try ok(laptopA, "sync", "--relay", url)
        for home in [counsellorB, counsellorC] { try ok(home, "sync", "--relay", url) }
        try counsellorC.openVault().setSealedSetting(Caseload.nameSetting, Array("Cor".utf8))
        try exchange(host: laptopA, ["caseload", "invite", "Team Noord", "--role", "member"], guest: counsellorB) { ["caseload", "join", $0] }
        try exchange(host: laptopA, ["caseload", "invite", "Team Noord", "--role", "reader"], guest: counsellorC) { ["caseload", "join", $0] }
        try exchange(host: laptopA, ["device", "link"], guest: desktopA) { ["init", "--kdf", "interactive", "--join", $0, "--relay", url] }

        // B and C see the shared case, not A's own one.
        for home in [counsellorB, counsellorC] {
            let list = try ok(home, "case", "list", "--json")
            #expect(list.contains("\"ref\": \"2026-001\"") && !list.contains("Eigen BV"))
            // Issue 12, item 12: lists say which caseload a case and an organisation are in.
            #expect(list.contains("\"caseload\": \"Team Noord\""), "\(list)")
            #expect(try ok(home, "org", "list", "--json").contains("\"caseload\": \"Team Noord\""))
        }
        #expect(try ok(laptopA, "org", "list").contains("eigen"))
        let members = try ok(laptopA, "caseload", "members", "Team Noord", "--json")
        #expect(members.contains("\"role\": \"member\"") && members.contains("\"role\": \"reader\"") && members.components(separatedBy: "\"admin\"").count == 3)

        // Concurrent edits; the reader's is refused locally with a clear message.
        try ok(laptopA, "case", "set", "2026-001", "summary", "Versie A")
        try ok(laptopA, "case", "set", "2026-001", "private_note", "Alleen voor A")
        try ok(desktopA, "case", "tag", "2026-001", "+bullying")
        try ok(counsellorB, "case", "set", "2026-001", "channel", "phone")
        try ok(counsellorB, "contact", "add", "2026-001", "--date", "2026-03-01", "--minutes", "40", "--channel", "phone")
        let refused = try vp(counsellorC, ["case", "set", "2026-001", "summary", "Versie C"])
        #expect(refused.status == Console.ExitStatus.forbidden.rawValue && refused.errors.contains("may read caseload 'Team Noord'"))
        for home in [laptopA, desktopA, counsellorB, counsellorC, laptopA, desktopA, counsellorB, counsellorC] { try ok(home, "sync") }
        var views = try [laptopA, desktopA, counsellorB, counsellorC].map { try shownCase($0) }
        for view in views {
            #expect(view["summary"] as? String == "Versie A" && view["channel"] as? String == "phone")
            #expect(view["categories"] as? [String] == ["bullying"] && (view["contacts"] as? [Any])?.count == 1)
        }
        #expect(views[0]["private_note"] as? String == "Alleen voor A" && views[1]["private_note"] as? String == "Alleen voor A")
        #expect(views[2]["private_note"] is NSNull && views[3]["private_note"] is NSNull)

        // The audit trail names the counsellor behind each change, the same on every side.
        let history = try #require(try JSONSerialization.jsonObject(with: Data(try ok(counsellorC, "case", "history", "2026-001", "--json").utf8)) as? [[String: Any]])
        let byField = { (field: String) in history.last { $0["field"] as? String == field }?["counsellor"] as? String }
        let counsellorOfA = try #require(byField("summary"))
        #expect(byField("categories") == counsellorOfA, "both of A's devices are A")
        #expect(byField("channel") != nil && byField("channel") != counsellorOfA, "B's change is B's")
        #expect(history.allSatisfy { $0["counsellor"] is String })
        #expect(history.last { $0["field"] as? String == "summary" }?["counsellor_name"] as? String == "Anna")
        #expect(history.last { $0["field"] as? String == "channel" }?["counsellor_name"] as? String == "Bram")
        #expect(try ok(counsellorC, "caseload", "members", "Team Noord").contains("Anna ["))
        // Issue 12, item 12: a reader cannot write its name, so it came signed with its join
        // request and the admin wrote it: every member shows it (it was null).
        for home in [laptopA, desktopA, counsellorB] {
            let members = try #require(try JSONSerialization.jsonObject(with: Data(try ok(home, "caseload", "members", "Team Noord", "--json").utf8)) as? [[String: Any]])
            #expect(members.first { $0["role"] as? String == "reader" }?["name"] as? String == "Cor", "\(members)")
        }
        let mine = try #require(try JSONSerialization.jsonObject(with: Data(try ok(counsellorB, "case", "history", "2026-001", "--json").utf8)) as? [[String: Any]])
        #expect(mine.last { $0["field"] as? String == "channel" }?["you"] as? Bool == true)

        // Compared out of band, the membership codes of all three counsellors are the same.
        let codes = try [laptopA, desktopA, counsellorB, counsellorC].map(membershipCode)
        #expect(Set(codes).count == 1 && codes[0].count == 35)

        // A shares one of its own cases deliberately; a script must confirm with --yes.
        let unconfirmed = try vp(laptopA, ["case", "move", "2026-002", "--to", "Team Noord"])
        #expect(unconfirmed.status == Console.ExitStatus.usage.rawValue && unconfirmed.errors.contains("--yes"))
        try ok(laptopA, "case", "set", "2026-002", "private_note", "Eigen aantekening")
        try ok(laptopA, "contact", "add", "2026-002", "--date", "2026-02-02", "--minutes", "30", "--channel", "video")
        try ok(laptopA, "case", "tag", "2026-002", "+bullying")
        try ok(laptopA, "case", "move", "2026-002", "--to", "Team Noord", "--yes")
        for home in [laptopA, counsellorB] { try ok(home, "sync") }
        let moved = try #require(try JSONSerialization.jsonObject(with: Data(try ok(counsellorB, "case", "show", "2026-002", "--json").utf8)) as? [String: Any])
        #expect(moved["summary"] as? String == "Alleen van A" && moved["organisation"] as? String == "Eigen BV")
        #expect((moved["contacts"] as? [Any])?.count == 1 && moved["private_note"] is NSNull)
        // Issue 12, item 12: the move shows in the history by the caseloads' names, not a raw id.
        let moveHistory = try ok(laptopA, "case", "history", "2026-002", "--json")
        #expect(moveHistory.contains("\"new\": \"Team Noord\""), "\(moveHistory)")
        // From where, and only what changed (a move writes every field anew; the audit found
        // the old caseload blank and every unchanged field listed again).
        let moves = try #require(try JSONSerialization.jsonObject(with: Data(moveHistory.utf8)) as? [[String: Any]])
        #expect(moves.contains { $0["field"] as? String == "caseload" && $0["old"] as? String == "eigen" && $0["new"] as? String == "Team Noord" }, "\(moves)")
        #expect(moves.filter { $0["field"] as? String == "summary" }.count == 1, "\(moves)")
        #expect(moves.allSatisfy { ($0["old"] as? String) != ($0["new"] as? String) }, "\(moves.filter { ($0["old"] as? String) == ($0["new"] as? String) })")
        // A second audit: the sets were listed again, the conversation's caseload came from
        // nowhere, the colleague saw the organisation come from '', and a later rename
        // rewrote what the history said the name had been.
        #expect(moves.filter { $0["field"] as? String == "categories" }.count == 1, "\(moves)")
        #expect(moves.contains { $0["field"] as? String == "contact.caseload" && $0["old"] as? String == "eigen" }, "\(moves)")
        try ok(laptopA, "org", "rename", "Eigen BV", "Eigen Holding")
        let renamed = try #require(try JSONSerialization.jsonObject(with: Data(try ok(laptopA, "case", "history", "2026-002", "--json").utf8)) as? [[String: Any]])
        #expect(renamed.first { $0["field"] as? String == "organisation" }?["new"] as? String == "Eigen BV", "\(renamed)")
        let seenByB = try #require(try JSONSerialization.jsonObject(with: Data(try ok(counsellorB, "case", "history", "2026-002", "--json").utf8)) as? [[String: Any]])
        #expect(seenByB.filter { $0["field"] as? String == "organisation" }.allSatisfy { !($0["old"] is String) && $0["new"] as? String == "Eigen BV" }, "\(seenByB)")
        let shared = try #require(try JSONSerialization.jsonObject(with: Data(try ok(laptopA, "case", "history", "2026-001", "--json").utf8)) as? [[String: Any]])
        #expect(shared.first { $0["field"] as? String == "caseload" }?["old"] is NSNull, "opened there: no earlier caseload")
        // ...and the own name is known in the members list.
        let named = try #require(try JSONSerialization.jsonObject(with: Data(try ok(laptopA, "caseload", "members", "Team Noord", "--json").utf8)) as? [[String: Any]])
        #expect(named.filter { $0["you"] as? Bool == true }.allSatisfy { $0["name"] as? String == "Anna" }, "\(named)")

        // A removes B; what A writes afterwards never reaches B and B's keys cannot open it.
        let memberB = try #require(try JSONSerialization.jsonObject(with: Data(try ok(laptopA, "caseload", "members", "Team Noord", "--json").utf8)) as? [[String: Any]])
            .first { $0["role"] as? String == "member" }?["counsellor"] as? String
        try ok(laptopA, "caseload", "remove", try #require(memberB), "--from", "Team Noord")
        try ok(laptopA, "case", "set", "2026-001", "summary", "Na verwijdering")
        try ok(laptopA, "sync")
        let syncB = try vp(counsellorB, ["sync"])
        #expect(syncB.status == 0 && syncB.errors.contains("verwijderd uit caseload 'Team Noord'"))
        #expect(try shownCase(counsellorB)["summary"] as? String == "Versie A")
        try ok(counsellorC, "sync")
        #expect(try membershipCode(laptopA) == membershipCode(counsellorC))
        #expect(try membershipCode(laptopA) != membershipCode(counsellorB) && membershipCode(laptopA) != codes[0])
        let vaultB = try counsellorB.openVault()
        let team = try Caseload.named("Team Noord", in: vaultB)
        let keysB = try vaultB.syncTransaction { try $0.epochKeys(team.id) }
        let newest = try DatabaseQueue(path: relay.databasePath).read { db in
            try Envelope(bytes: [UInt8](try Data.fetchOne(db, sql: "SELECT data FROM envelope WHERE caseload = ? ORDER BY sequence DESC LIMIT 1",
                                                          arguments: [Data(team.id.bytes)])!))
        }
        #expect(newest.epoch == 1 && !keysB.isEmpty)
        for key in keysB.values {
            if case .success = EnvelopeSeal.open(newest, key: key) { Issue.record("a key of B opened an envelope written after B's removal") }
        }

        // The relay restarts (new port, same data): everything above still holds.
        let data = relay.dataDirectory
        relay.stopKeepingData()
        relay = try RelayProcess(dataDirectory: data)
        let restarted = relay.url.absoluteString
        try ok(desktopA, "case", "set", "2026-001", "outcome", "Na herstart")
        for home in [desktopA, laptopA, counsellorC] { try ok(home, "sync", "--relay", restarted) }
        let stillRefused = try vp(counsellorC, ["case", "set", "2026-001", "outcome", "C schrijft"])
        #expect(stillRefused.status == Console.ExitStatus.forbidden.rawValue)
        let afterRestartB = try vp(counsellorB, ["sync", "--relay", restarted])
        #expect(afterRestartB.errors.contains("verwijderd uit caseload 'Team Noord'"))
        views = try [laptopA, desktopA, counsellorC].map { try shownCase($0) }
        for view in views { #expect(view["outcome"] as? String == "Na herstart" && view["summary"] as? String == "Na verwijdering") }
        #expect(try shownCase(counsellorB)["outcome"] is NSNull)

        // A colleague who joins after the rotation still reads the whole history.
        try ok(counsellorD, "sync", "--relay", restarted)
        try exchange(host: laptopA, ["caseload", "invite", "Team Noord", "--role", "reader"], guest: counsellorD) { ["caseload", "join", $0] }
        let late = try shownCase(counsellorD)
        #expect(late["channel"] as? String == "phone" && (late["contacts"] as? [Any])?.count == 1, "written in epoch 0 by B")
        #expect(late["summary"] as? String == "Na verwijdering" && late["outcome"] as? String == "Na herstart")
        try? FileManager.default.removeItem(at: data)
    }
}
