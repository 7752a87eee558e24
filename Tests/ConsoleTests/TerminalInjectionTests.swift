import Foundation
import Testing
@testable import Console

/// Issue 12, fault 3: text that may come from a colleague through sync used to reach the
/// terminal raw: escape sequences cleared the screen and set the window title, CR/LF forged
/// table rows, bidi overrides reversed what follows. Now none of it steers the terminal.
@Suite struct TerminalInjectionTests {
    static let hostile = "Evil\u{1B}]0;PWNED\u{07}\u{1B}[2J\r\nFAKE LINE\u{202E}esrever"

    func expectInert(_ output: String, _ what: String) {
        let steering = output.unicodeScalars.filter { ($0.properties.generalCategory == .control && $0 != "\n") || $0.value == 0x202E }
        #expect(steering.isEmpty, "\(what) printed \(steering.map { String($0.value, radix: 16) })")
        #expect(!output.split(separator: "\n").contains { $0.hasPrefix("FAKE LINE") }, Comment(rawValue: what + " let a value start a line"))
    }

    @Test func listsShowsAndTheReportPrintNothingThatSteersTheTerminal() async throws {
        let home = TestHome()
        #expect(await home.run("org", "add", Self.hostile).status == 0)
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
}
