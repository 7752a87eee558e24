import Foundation
import Testing
@testable import Console

/// Issue 12, fault 3: text that may come from a colleague through sync used to reach the
/// terminal raw: escape sequences cleared the screen and set the window title, CR/LF forged
/// table rows, bidi overrides reversed what follows. Now none of it steers the terminal.
@Suite struct TerminalInjectionTests {
    static let hostile = "Evil\u{1B}]0;PWNED\u{07}\u{1B}[2J\r\nFAKE LINE\u{202E}esrever"

    func expectInert(_ output: String, _ what: String, terminal: Bool = false) {
        // A pseudo-terminal turns each line break into CR LF, and tabs are harmless.
        let allowed: Set<Unicode.Scalar> = terminal ? ["\n", "\r", "\t"] : ["\n"]
        let steering = output.unicodeScalars.filter {
            ($0.properties.generalCategory == .control && !allowed.contains($0)) || (0x202A...0x202E).contains($0.value) || (0x2066...0x2069).contains($0.value)
        }
        #expect(steering.isEmpty, "\(what) printed \(steering.map { String($0.value, radix: 16) })")
        #expect(!output.split(separator: "\n").contains { $0.hasPrefix("FAKE LINE") || $0.hasPrefix("\rFAKE LINE") }, Comment(rawValue: what + " let a value start a line"))
    }

    /// An organisation named as a colleague's modified vp could name it: typed here, such a
    /// name is refused, but one can arrive through sync.
    func plantOrganisation(_ home: TestHome) throws {
        try home.openVault().write { session in
            let id = session.newRecordID()
            session.assign(.string("organisation"), to: "kind", of: id)
            session.assign(.string(Self.hostile), to: "name", of: id)
        }
    }

    @Test func aNameWithControlCharactersIsRefused() async throws {
        let home = TestHome()
        for words in [["org", "add", Self.hostile], ["org", "add", String(repeating: "x", count: 201)], ["org", "add", "A\u{202E}B"],
                      ["org", "add", "A\u{200F}1-2"]] {  // a third audit: a direction mark passed
            let result = await home.run(words)
            #expect(result.status == ExitStatus.invalidInput.rawValue && result.errors.contains("plain text"), "\(result.errors)")
        }
        #expect(await home.run("org", "add", "Gemeente Utrecht").status == 0)
    }

    @Test func listsShowsAndTheReportPrintNothingThatSteersTheTerminal() async throws {
        let home = TestHome()
        try plantOrganisation(home)
        #expect(await home.run("case", "open", "--org", Self.hostile, "--date", "2026-03-01", "--summary", Self.hostile).status == 0)
        #expect(await home.run("case", "set", "2026-001", "outcome", Self.hostile).status == 0)
        #expect(await home.run("signal", "add", "--org", Self.hostile, "--theme", "workload", "--text", Self.hostile, "--date", "2026-03-02").status == 0)
        expectInert(await home.run("org", "list").output, "org list")
        expectInert(await home.run("case", "list").output, "case list")
        expectInert(await home.run("case", "show", "2026-001").output, "case show")
        expectInert(await home.run("case", "history", "2026-001").output, "case history")
        expectInert(await home.run("signal", "list").output, "signal list")
        expectInert(await home.run("report", "--org", Self.hostile, "--year", "2026").output, "the report")
        let unknown = await home.run("case", "open", "--org", "Nope\u{1B}[2J")
        expectInert(unknown.errors, "an error")
    }

    /// Issue 12, item 3: what goes to a terminal passes one filter, whatever the command and
    /// format (CSV, HTML and JSON reached it raw), and the JSON escapes what could steer one.
    @Test func everyFormatOnATerminalIsInert() async throws {
        let home = TestHome()
        try plantOrganisation(home)
        #expect(await home.run("case", "open", "--org", Self.hostile, "--date", "2026-03-01", "--summary", Self.hostile).status == 0)
        #expect(await home.run("contact", "add", "2026-001", "--date", "2026-03-02", "--minutes", "30", "--channel", "phone", "--summary", Self.hostile).status == 0)
        #expect(await home.run("signal", "add", "--org", Self.hostile, "--theme", "workload", "--text", Self.hostile, "--date", "2026-03-02").status == 0)
        let commands: [[String]] = [
            ["report", "--org", Self.hostile, "--year", "2026", "--format", "csv"], ["report", "--org", Self.hostile, "--year", "2026", "--format", "html"],
            ["report", "--org", Self.hostile, "--year", "2026", "--format", "json"], ["hours", "--year", "2026", "--format", "csv"],
            ["case", "export", "2026-001", "--format", "html"], ["case", "show", "2026-001", "--json"], ["signal", "list", "--json"], ["org", "list", "--json"],
        ]
        for words in commands {
            let terminal = try PseudoTerminal(arguments: words, environment: home.environment)
            #expect(try terminal.waitForExit() == 0, "\(words)")
            expectInert(terminal.screen, words.joined(separator: " "), terminal: true)
        }
        // Through a pipe the JSON is exact, and escaped.
        let piped = try VPProcess.run(["case", "show", "2026-001", "--json"], environment: home.environment)
        #expect(piped.output.contains(#"\u001b]0;PWNED\u0007"#) && piped.output.contains(#"\u202e"#), "\(piped.output)")
        expectInert(piped.output, "case show --json through a pipe")
    }
}
