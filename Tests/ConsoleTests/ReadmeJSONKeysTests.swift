import Foundation
import InProcessRelay
import Testing
@testable import Console

/// Issue 12, item 13: the README's table of JSON keys is what the commands answer. Each
/// command the table names is run on a real vault (an in-process relay for those that sync);
/// its keys, of the object or of each item of a list, must be exactly the listed ones.
@Suite struct ReadmeJSONKeysTests {
    /// Commands of the table this test cannot run alone: they need a colleague's vault, another
    /// device, or a conflict written on two devices. Edits among them answer through the same
    /// `EditAnswer` as those checked here.
    static let notRunHere: Set<String> = ["caseload role", "caseload remove", "device revoke", "case resolve",
                                          "handover give", "handover accept", "handover list",
                                          // Two parties at once: ExchangeJSONTests checks these.
                                          "init --join", "caseload join", "device link", "caseload invite"]

    /// Command → its documented keys, from the README table.
    static func documented() throws -> [String: Set<String>] {
        let lines = ReadmeTablesTests.readme.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex(of: "### JSON keys"))
        let rows = lines[start...].drop { !$0.hasPrefix("| command |") }.dropFirst(2).prefix { $0.hasPrefix("|") }
        var keys: [String: Set<String>] = [:]
        for row in rows {
            let cells = row.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            let commands = codeSpans(cells[1])
            let listed = try #require(codeSpans(cells[2]).first).split(separator: " ").map { String($0.prefix { $0 != "[" && $0 != "{" }) }
            for command in commands { keys[command] = Set(listed) }
        }
        return keys
    }

    static func codeSpans(_ text: String) -> [String] {
        text.components(separatedBy: "`").enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
    }

    @Test func everyCommandAnswersWithTheKeysTheReadmeLists() async throws {
        let documented = try Self.documented()
        #expect(documented.count > 45, "\(documented.keys.sorted())")
        var answered: [String: Set<String>] = [:]
        let relay = try InProcessRelay()
        let home = TestHome()
        home.connect = { _, keys in relay.transport(as: keys?.publicKey) }

        /// Runs `words` with --json and notes the keys under `command`; returns the answer.
        @discardableResult
        func note(_ command: String, _ words: String...) async throws -> Any {
            let result = await home.run(words + (words.contains("--format") ? [] : ["--json"]))
            try #require(result.status == 0, "'\(command)': \(result.errors)")
            let answer = try JSONSerialization.jsonObject(with: Data(result.output.utf8))
            let item = (answer as? [Any])?.first ?? answer
            let keys = try #require(item as? [String: Any], "'\(command)' answered no object or list of objects: \(answer)").keys
            answered[command] = Set(keys)
            return answer
        }

        try await note("org add", "org", "add", "Acme")
        try await note("case open", "case", "open", "--org", "Acme", "--summary", "Eerste melding", "--category", "bullying")
        try await note("case set", "case", "set", "2026-001", "follow_up", "2026-03-14")
        try await note("case tag", "case", "tag", "2026-001", "+work_pressure")
        let contact = try await note("contact add", "contact", "add", "2026-001", "--date", "2026-03-14", "--minutes", "30", "--channel", "phone", "--summary", "melding besproken")
        #expect((contact as? [String: Any])?["id"] as? String == "1", "the conversation's number, as 'case show' lists it")
        // Codes, not labels: the own caseload is 'eigen' in English too.
        let english = await home.run("case", "list", "--json", "--lang", "en")
        #expect(english.output.contains(#""caseload": "eigen""#), "\(english.output)")
        try await note("contact edit", "contact", "edit", "2026-001", "1", "--minutes", "40")
        let activity = try await note("activity add", "activity", "add", "--org", "Acme", "--kind", "training", "--date", "2026-03-14", "--hours", "2")
        let signal = try await note("signal add", "signal", "add", "--org", "Acme", "--theme", "work_pressure", "--text", "drukte")
        for command in ["case list", "org list", "activity list", "signal list"] {
            let words = command.components(separatedBy: " ")
            try await note(command, words[0], words[1])
        }
        try await note("agenda", "agenda")
        try await note("case show", "case", "show", "2026-001")
        try await note("case history", "case", "history", "2026-001")
        try await note("search", "search", "melding")
        try await note("--version", "--version")
        try await note("report", "report", "--org", "Acme", "--year", "2026")
        try await note("profile", "profile", "--name", "Anna de Vries", "--contact", "06-12345678")
        try await note("hours", "hours", "--year", "2026")  // --json: the same as --format json
        let register = home.folder.appendingPathComponent("register.csv")
        try Data("organisation;opened\nAcme;1-2-2026\n".utf8).write(to: register)
        try await note("import", "import", register.path)
        try await note("case export", "case", "export", "2026-001")
        let activityID = try #require((activity as? [String: Any])?["id"] as? String)
        let signalID = try #require((signal as? [String: Any])?["id"] as? String)
        try await note("activity edit", "activity", "edit", activityID, "--hours", "3")
        try await note("signal edit", "signal", "edit", signalID, "--text", "drukte, anders gezegd")
        try await note("activity delete", "activity", "delete", activityID)
        try await note("signal delete", "signal", "delete", signalID)
        try await note("contact delete", "contact", "delete", "2026-001", "1")
        try await note("org rename", "org", "rename", "Acme", "Acme BV")
        try await note("org role", "org", "role", "Acme BV", "integrity")
        try await note("org add", "org", "add", "Vergissing")
        try await note("org remove", "org", "remove", "Vergissing")
        try await note("report note", "report", "note", "--org", "Acme BV", "--year", "2026", "--section", "trends", "--text", "Rustig jaar")

        // Sharing: a caseload at the relay, a case moved into it.
        try await note("caseload create", "caseload", "create", "Team")
        try await note("sync", "sync", "--relay", "http://127.0.0.1:9")
        try await note("caseload list", "caseload", "list")
        try await note("caseload members", "caseload", "members", "Team")
        try await note("caseload verify", "caseload", "verify", "Team")
        try await note("device list", "device", "list")
        try await note("case open", "case", "open", "--org", "Acme BV")
        try await note("case move", "case", "move", "2026-002", "--to", "Team", "--yes")

        // A case through its whole life: closed, counted, due, destroyed.
        try await note("case close", "case", "close", "2026-001")
        try await note("case reopen", "case", "reopen", "2026-001")
        #expect(await home.run("case", "close", "2026-001").status == 0)
        #expect(await home.run("case", "set", "2026-001", "destroy_after", "2026-03-15").status == 0)
        try await note("report finalize", "report", "finalize", "--org", "Acme BV", "--year", "2026")
        home.now += 3 * 86_400_000
        try await note("retention list", "retention", "list")
        try await note("retention run", "retention", "run", "--yes")
        try await note("retention status", "retention", "status")
        #expect(await home.run("case", "close", "2026-002").status == 0)
        try await note("case destroy", "case", "destroy", "2026-002", "--force", "--confirm", "2026-002")

        // The vault commands.
        let backup = home.folder.appendingPathComponent("vault.vpb").path
        try await note("backup", "backup", backup)
        try await note("unlock", "unlock", "--for", "1m")
        try await note("lock", "lock")
        home.environment["VP_NEW_PASSPHRASE"] = "zeven olifanten dansen op het dak"
        try await note("passwd", "passwd")
        let fresh = TestHome(createVault: false)
        answered["init"] = Set((try await fresh.json("init", "--kdf", "interactive") as? [String: Any] ?? [:]).keys)
        let restored = TestHome(createVault: false)
        answered["restore"] = Set((try await restored.json("restore", backup) as? [String: Any] ?? [:]).keys)

        for (command, keys) in documented.sorted(by: { $0.key < $1.key }) where !Self.notRunHere.contains(command) {
            let seen = try #require(answered[command], "the README lists '\(command)', which this test did not run")
            #expect(seen == keys, "'\(command)': the README lists \(keys.sorted()), vp answers \(seen.sorted())")
        }
        for command in answered.keys { #expect(documented[command] != nil, "'\(command)' answers JSON the README does not list") }
    }
}
