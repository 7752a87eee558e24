import Foundation
import Testing
@testable import Console

/// The REPL as a counsellor uses it: on a terminal, with editing keys.
@Suite struct TerminalReplTests {
    /// Issue 12, item 5: a line wider than the terminal was reprinted on a new row at every
    /// key. Now every redraw fits on one row (a window around the cursor), and the whole
    /// line still runs.
    @Test func aLineWiderThanTheTerminalScrollsOnOneRow() async throws {
        let home = TestHome()
        await home.run("org", "add", "Acme")
        let terminal = try PseudoTerminal(arguments: [], environment: home.environment, columns: 40)
        try terminal.waitFor("vp> ")
        terminal.clear()
        let line = "case open --org Acme --summary \"Een melding die langer is dan de breedte van het scherm\""
        for character in line { terminal.type(String(character)) }
        try terminal.waitFor("scherm\"\u{1B}[K")
        terminal.send([27, 91, 72])  // Home: the start comes back into view
        try terminal.waitFor("vp> case open", after: "scherm")
        let typed = terminal.screen
        terminal.type("\r")
        try terminal.waitFor("2026-001")
        // What the editor drew: rows separated only by carriage returns, none wider than 39.
        let rows = typed.replacingOccurrences(of: "\u{1B}\\[[0-9;]*[A-Za-z]", with: "", options: .regularExpression).components(separatedBy: "\r")
        #expect(!typed.contains("\n"), "the line editor started a new row")
        #expect(rows.allSatisfy { DisplayWidth.of($0) <= 39 }, "\(rows.filter { DisplayWidth.of($0) > 39 })")
        #expect(rows.contains { $0.hasPrefix("vp> <") && $0.hasSuffix("scherm\"") }, "the end of the line, cut on the left")
        #expect(rows.contains { $0.hasPrefix("vp> case open") && $0.hasSuffix(">") }, "the start of the line, cut on the right")
        let shown = try #require(try await home.json("case", "show", "2026-001") as? [String: Any])
        #expect(shown["summary"] as? String == "Een melding die langer is dan de breedte van het scherm")
    }

    /// A second audit: a combining accent typed after its letter (e + U+0301) was a
    /// character of its own, so Backspace took off only the accent. The editor moves over
    /// what is seen as one character.
    @Test func backspaceTakesOffALetterWithItsAccent() async throws {
        let home = TestHome()
        let terminal = try PseudoTerminal(arguments: [], environment: home.environment)
        try terminal.waitFor("vp> ")
        terminal.type("org add Zoe")
        terminal.send([0xCC, 0x81])  // U+0301 COMBINING ACUTE ACCENT, on its own
        terminal.type("x")
        terminal.send([127, 127])  // Backspace twice: the x, then the é
        terminal.type("e\r")
        try terminal.waitFor("Zoe")
        terminal.type("exit\r")
        #expect(try terminal.waitForExit() == 0)
        let names = try #require(try await home.json("org", "list") as? [[String: Any]]).compactMap { $0["name"] as? String }
        #expect(names == ["Zoe"], "\(names)")
    }

    /// Issue 12, item 3: Tab offered stored organisation names raw (a colleague's name could
    /// set the window title and clear the screen); what the editor shows is made safe.
    @Test func completingAHostileNameShowsNothingThatSteersTheTerminal() async throws {
        let home = TestHome()
        try home.openVault().write { session in
            for name in ["Evil\u{1B}]0;PWNED\u{07}\u{1B}[2J", "Evil\r\nFAKE"] {
                let id = session.newRecordID()
                session.assign(.string("organisation"), to: "kind", of: id)
                session.assign(.string(name), to: "name", of: id)
            }
        }
        let terminal = try PseudoTerminal(arguments: [], environment: home.environment)
        try terminal.waitFor("vp> ")
        terminal.clear()
        terminal.type("case list --org E\t")  // both start with "Evil": the common part, then the list
        terminal.type("\t")
        try terminal.waitFor("FAKE")
        terminal.type("\u{15}")  // Ctrl-U: drop the line
        terminal.send([4])
        _ = try terminal.waitForExit()
        // vp's own sequences (erase to the end of the line, move right) aside, nothing steers.
        let own = terminal.screen.replacingOccurrences(of: "\u{1B}\\[[0-9]*[KC]", with: "", options: .regularExpression)
        let steering = own.unicodeScalars.filter { $0.properties.generalCategory == .control && !["\n", "\r"].contains($0) }
        #expect(steering.isEmpty, "\(steering.map { String($0.value, radix: 16) }) in \(terminal.screen.debugDescription)")
        #expect(!terminal.screen.contains("\r\nFAKE") && !terminal.screen.contains("PWNED\u{07}"))
    }

    /// Issue 12, item 7: Ctrl-C while a command ran ended the whole prompt (130). Now it
    /// stops the command, here a watching sync, and the prompt goes on.
    @Test func ctrlCStopsTheRunningCommandNotThePrompt() async throws {
        let relay = try RelayProcess()
        let home = TestHome()
        #expect(try VPProcess.run(["sync", "--relay", relay.url.absoluteString], environment: home.environment).status == 0)
        let terminal = try PseudoTerminal(arguments: [], environment: home.environment)
        try terminal.waitFor("vp> ")
        terminal.clear()
        terminal.type("sync --watch\r")
        try terminal.waitFor("Gesynchroniseerd")
        try await Task.sleep(for: .milliseconds(500))  // into its wait for news
        // What the terminal does on Ctrl-C (this pseudo-terminal is not vp's controlling one).
        kill(terminal.process.processIdentifier, SIGINT)
        try terminal.waitFor("Stopped (Ctrl-C)")
        try terminal.waitFor("vp> ", after: "Stopped")
        #expect(terminal.process.isRunning)
        terminal.type("org list\r")
        try terminal.waitFor("NAAM")
        terminal.type("exit\r")
        #expect(try terminal.waitForExit() == 0)
    }

    /// A second audit: a crash while the prompt waited for a line left the terminal without
    /// echo, and Ctrl-\ printed Swift's crash dump. Both now give the terminal back and say
    /// one sentence.
    @Test func aCrashOrQuitInThePromptGivesTheTerminalBack() throws {
        let home = TestHome()
        for (signal, words) in [(SIGSEGV, "internal error"), (SIGQUIT, "stopped (quit)")] {
            let terminal = try PseudoTerminal(arguments: [], environment: home.environment)
            try terminal.waitFor("vp> ")
            #expect(terminal.localModes() & tcflag_t(ECHO) == 0)  // raw, as the line editor reads
            kill(terminal.process.processIdentifier, signal)
            #expect(try terminal.waitForExit() == 1)
            #expect(terminal.localModes() & tcflag_t(ECHO | ICANON) == tcflag_t(ECHO | ICANON), "\(signal)")
            #expect(terminal.screen.contains(words) && !terminal.screen.contains("Registers") && !terminal.screen.contains("Backtrace"), "\(terminal.screen)")
        }
    }

    /// A third audit: SIGINT, SIGTERM or SIGHUP sent to vp while the prompt waited for a
    /// line ended it with the terminal left raw (no echo, no line mode).
    @Test func aSignalThatEndsThePromptGivesTheTerminalBack() throws {
        let home = TestHome()
        for signal in [SIGINT, SIGTERM, SIGHUP] {
            let terminal = try PseudoTerminal(arguments: [], environment: home.environment)
            try terminal.waitFor("vp> ")
            #expect(terminal.localModes() & tcflag_t(ECHO) == 0)
            kill(terminal.process.processIdentifier, signal)
            _ = try terminal.waitForExit()
            #expect(terminal.localModes() & tcflag_t(ECHO | ICANON) == tcflag_t(ECHO | ICANON), "\(signal)")
        }
    }

    @Test func editingCompletionHistoryCtrlCAndCtrlD() async throws {
        let home = TestHome()
        await home.run("org", "add", "Acme")
        await home.run("case", "open", "--org", "Acme", "--category", "bullying")
        let terminal = try PseudoTerminal(arguments: [], environment: home.environment)
        try terminal.waitFor("vp> ")

        // Tab completes the common part of "case"/"caseload", the subcommand and the reference.
        terminal.clear()
        terminal.type("ca\t")
        try terminal.waitFor("vp> case\u{1B}[K")
        terminal.type(" sh\t")
        try terminal.waitFor("case show ")
        terminal.type("2026\t")
        try terminal.waitFor("case show 2026-001 ")
        terminal.type("--lang en\r")
        try terminal.waitFor("bullying")
        try terminal.waitFor("\nvp> ")  // a fresh prompt, not a redraw of the edited line

        // Ctrl-C drops the half-typed line; nothing runs.
        terminal.clear()
        terminal.type("org add Halfway")
        terminal.send([3])
        try terminal.waitFor("^C\r\nvp> ")

        // Up-arrow recalls the previous command; Left/Backspace edit it.
        terminal.clear()
        terminal.send([27, 91, 65])  // Up
        try terminal.waitFor("case show 2026-001 --lang en")
        terminal.send([UInt8](repeating: 127, count: 10))  // erase " --lang en"
        terminal.type(" --json\r")
        try terminal.waitFor("\"ref\": \"2026-001\"")
        try terminal.waitFor("}\r\nvp> ")

        // Ctrl-D on an empty line leaves with status 0 .
        terminal.send([4])
        #expect(try terminal.waitForExit() == 0)
        let organisations = try #require(try await home.json("org", "list") as? [[String: Any]])
        #expect(organisations.count == 1, "the cancelled line must not have run")
    }

    @Test func passphrasePromptDoesNotEcho() throws {
        let home = TestHome()
        var environment = home.environment
        environment["VP_PASSPHRASE"] = nil
        let terminal = try PseudoTerminal(arguments: ["org", "list"], environment: environment)
        try terminal.waitFor("passphrase: ")
        terminal.type(TestHome.passphrase + "\r")
        #expect(try terminal.waitForExit() == 0)
        #expect(!terminal.screen.contains(TestHome.passphrase))
        #expect(terminal.screen.contains("NAAM"))
    }

    /// Issue 13, item 2: at the prompt a guessable passphrase is explained and asked again
    /// (before: `aaaaaaaa` was taken); the cheaper passphrase cost comes with a warning.
    @Test func initAsksAgainForAGuessablePassphrase() throws {
        let home = TestHome(createVault: false)
        var environment = home.environment
        environment["VP_PASSPHRASE"] = nil
        let terminal = try PseudoTerminal(arguments: ["init", "--kdf", "interactive"], environment: environment)
        try terminal.waitFor("new passphrase: ")
        terminal.type("aaaaaaaa\r")
        try terminal.waitFor("new passphrase: ", after: "too easy to guess")
        usleep(100_000)  // the prompt is written after echo is turned off
        terminal.type(TestHome.passphrase + "\r")
        try terminal.waitFor("again: ")
        terminal.type(TestHome.passphrase + "\r")
        #expect(try terminal.waitForExit() == 0)
        #expect(terminal.screen.contains("Kluis aangemaakt"))
        #expect(!terminal.screen.contains(TestHome.passphrase))
    }

    /// Issue 12, fault 2: Ctrl-C (here SIGINT, as the terminal sends it) at a passphrase
    /// prompt used to leave the terminal without echo.
    @Test func anInterruptAtThePassphrasePromptGivesTheTerminalItsEchoBack() throws {
        let home = TestHome()
        var environment = home.environment
        environment["VP_PASSPHRASE"] = nil
        let terminal = try PseudoTerminal(arguments: ["case", "list"], environment: environment)
        try terminal.waitFor("passphrase: ")
        usleep(100_000)  // the prompt is written after echo is turned off
        #expect(!terminal.echoes)
        kill(terminal.process.processIdentifier, SIGINT)
        #expect(try terminal.waitForExit() == ExitStatus.interrupted.rawValue)
        #expect(terminal.echoes)  // before: still off
        #expect(terminal.screen.contains("Stopped (Ctrl-C)"))
    }

    /// Sends Ctrl-C (as SIGINT: this pseudo-terminal is not vp's controlling one) once the
    /// command waits at `question`; the command stops and the prompt comes back.
    func interruptAndExpectThePrompt(_ terminal: PseudoTerminal, waitingAt question: String) throws {
        try terminal.waitFor(question)
        usleep(100_000)  // into its read
        kill(terminal.process.processIdentifier, SIGINT)
        try terminal.waitFor("Stopped (Ctrl-C)", timeout: 5)
        try terminal.waitFor("vp> ", after: "Stopped")
        #expect(terminal.process.isRunning)
    }

    /// A second audit: Ctrl-C at a question inside the prompt (here the typed confirmation of
    /// a forced destruction) only took effect at the next Enter, so what was typed next still
    /// answered it. Now it stops the command at once and the prompt goes on.
    @Test func ctrlCAtAQuestionInThePromptStopsTheCommandAtOnce() async throws {
        let home = TestHome()
        await home.run("org", "add", "Acme")
        await home.run("case", "open", "--org", "Acme")
        let terminal = try PseudoTerminal(arguments: [], environment: home.environment)
        try terminal.waitFor("vp> ")
        terminal.type("case destroy 2026-001 --force\r")
        try interruptAndExpectThePrompt(terminal, waitingAt: "Typ de referentie")
        terminal.type("exit\r")
        #expect(try terminal.waitForExit() == 0)
        #expect(await home.run("case", "show", "2026-001").status == 0)
    }

    /// A second audit: Ctrl-C at a passphrase prompt inside the prompt (after `lock`) ended
    /// vp. Now it stops that command; the prompt goes on.
    @Test func ctrlCAtAPassphrasePromptInThePromptKeepsThePrompt() async throws {
        let home = TestHome()
        await home.run("org", "add", "Acme")
        var environment = home.environment
        environment["VP_PASSPHRASE"] = nil
        let terminal = try PseudoTerminal(arguments: [], environment: environment)
        try terminal.waitFor("passphrase: ")
        terminal.type(TestHome.passphrase + "\r")
        try terminal.waitFor("vp> ")
        terminal.type("lock\r")
        try terminal.waitFor("vp> ", after: "lock")
        terminal.clear()
        terminal.type("org list\r")
        try interruptAndExpectThePrompt(terminal, waitingAt: "passphrase: ")
        terminal.type("org list\r")
        try terminal.waitFor("passphrase: ", after: "Stopped")
        terminal.type(TestHome.passphrase + "\r")
        try terminal.waitFor("Acme")
        terminal.type("exit\r")
        #expect(try terminal.waitForExit() == 0)
    }
}
