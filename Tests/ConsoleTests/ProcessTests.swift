import Foundation
import Testing
@testable import Console

/// The real `vp` executable: separate processes, the kernel keyring, piped REPL input.
@Suite struct ProcessTests {
    @Test func twoProcessesWritingAtOnceLoseNothing() async throws {
        let home = TestHome()
        await home.run("org", "add", "Acme")
        let perProcess = 25
        let script = (0..<perProcess).map { _ in "case open --org Acme --category bullying" }.joined(separator: "\n") + "\n"
        let runs = try (0..<2).map { _ in try VPProcess.start(["repl"], environment: home.environment, input: script) }
        var outputs: [String] = []
        for (process, output, errors) in runs {
            let out = output.fileHandleForReading.readDataToEndOfFile()
            let err = errors.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            #expect(err.isEmpty, "\(String(decoding: err, as: UTF8.self))")
            outputs.append(String(decoding: out, as: UTF8.self))
        }
        let printed = outputs.flatMap { $0.split(separator: "\n").map(String.init) }
        #expect(printed.count == 2 * perProcess)
        #expect(Set(printed).count == 2 * perProcess, "references must be unique")
        let listed = try #require(try await home.json("case", "list") as? [[String: Any]])
        #expect(listed.count == 2 * perProcess)
    }

    @Test func unlockKeepsTheKeyForOneShotCommandsUntilLock() async throws {
        let home = TestHome()
        await home.run("org", "add", "Acme")
        var withoutPassphrase = home.environment
        withoutPassphrase["VP_PASSPHRASE"] = nil
        #expect(try VPProcess.run(["org", "list"], environment: withoutPassphrase).status == Console.ExitStatus.locked.rawValue)
        #expect(try VPProcess.run(["unlock", "--for", "2m"], environment: home.environment).status == 0)
        let listed = try VPProcess.run(["org", "list"], environment: withoutPassphrase)
        #expect(listed.status == 0 && listed.output.contains("Acme"))
        #expect(try VPProcess.run(["lock"], environment: withoutPassphrase).status == 0)
        let locked = try VPProcess.run(["org", "list"], environment: withoutPassphrase)
        #expect(locked.status == Console.ExitStatus.locked.rawValue)
        #expect(locked.errors.contains("vp unlock"))
    }

    @Test func pipedReplRunsCommandsThroughTheSameParser() async throws {
        let home = TestHome()
        let script = """
            org add "Gemeente Utrecht"
            case open --org 'Gemeente Utrecht' --category bullying
            vp case list --json
            help case
            exit
            org add "never reached"
            """
        let result = try VPProcess.run(["repl"], environment: home.environment, input: script)
        #expect(result.status == 0)
        #expect(result.output.contains("2026-001"))
        #expect(result.output.contains("\"categories\": [\n      \"bullying\""))
        #expect(result.output.contains("SUBCOMMANDS"))
        let organisations = try #require(try await home.json("org", "list") as? [[String: Any]])
        #expect(organisations.count == 1)
    }

    @Test func textFromStandardInputKeepsItOutOfTheCommandLine() async throws {
        let home = TestHome()
        await home.run("org", "add", "Acme")
        await home.run("case", "open", "--org", "Acme")
        let set = try VPProcess.run(["case", "set", "2026-001", "summary", "-"], environment: home.environment, input: "Tekst via stdin\n")
        #expect(set.status == 0, "\(set.errors)")
        let shown = try VPProcess.run(["case", "show", "2026-001", "--json"], environment: home.environment)
        #expect(shown.output.contains("\"summary\": \"Tekst via stdin\""))
        let inRepl = try VPProcess.run(["repl"], environment: home.environment, input: "case set 2026-001 summary -\n")
        #expect(inRepl.errors.contains("does not work in the prompt"))
    }

    /// Issue 12, item 13: every free-text value takes `-`, names included (an organisation's
    /// name tells who sought help as much as a summary does); only one per command.
    @Test func namesAndOtherTextsComeFromStandardInputToo() async throws {
        let home = TestHome()
        @discardableResult
        func piped(_ words: [String], _ input: String) throws -> VPProcess.Result {
            let result = try VPProcess.run(words, environment: home.environment, input: input)
            #expect(result.status == 0, "\(words): \(result.errors)")
            return result
        }
        try piped(["org", "add", "-"], "Gemeente Geheim\n")
        try piped(["org", "rename", "Gemeente Geheim", "-"], "Gemeente Stil\n")
        try piped(["case", "open", "--org", "-"], "Gemeente Stil\n")
        try piped(["activity", "add", "--org", "Gemeente Stil", "--kind", "training", "--date", "2026-03-14", "--hours", "1", "--topic", "-"], "Omgangsvormen\n")
        try piped(["signal", "add", "--org", "Gemeente Stil", "--theme", "-", "--text", "Veel verloop"], "verloop\n")
        let listed = try piped(["case", "list", "--org", "-", "--json"], "Gemeente Stil\n")
        #expect(listed.output.contains("2026-001"), "\(listed.output)")
        #expect(try piped(["activity", "list", "--org", "-"], "Gemeente Stil\n").output.contains("Omgangsvormen"))
        #expect(try piped(["caseload", "members", "-", "--json"], "eigen\n").output.contains("\"role\""))
        let report = try piped(["report", "--org", "-", "--year", "2026"], "Gemeente Stil\n")
        #expect(report.output.contains("Gemeente Stil"))
        #expect(try #require(try await home.json("activity", "list") as? [[String: Any]]).first?["topic"] as? String == "Omgangsvormen")
        let twice = try VPProcess.run(["case", "open", "--org", "-", "--summary", "-"], environment: home.environment, input: "Gemeente Stil\n")
        #expect(twice.status == ExitStatus.invalidInput.rawValue && twice.errors.contains("Only one value"), "\(twice.errors)")
    }

    @Test func badFlagFromTheShellIsOneSentenceAndExitCode64() throws {
        let home = TestHome()
        let result = try VPProcess.run(["case", "list", "--colour"], environment: home.environment)
        #expect(result.status == Console.ExitStatus.usage.rawValue)
        #expect(result.errors.split(separator: "\n").count == 1)
        #expect(result.output.isEmpty)
    }

    @Test func nothingReadableReachesDiskThroughCLIAndRepl() throws {
        let home = TestHome()
        let marker = "ZQX\(UInt32.random(in: 100_000...999_999))"
        _ = try VPProcess.run(["org", "add", "Org \(marker)"], environment: home.environment)
        let script = """
            case open --org "Org \(marker)" --date 2026-03-01 --summary "Samenvatting \(marker)"
            case set 2026-001 private_note "Aantekening \(marker)"
            case set 2026-001 outcome "Uitkomst \(marker)"
            contact add 2026-001 --date 2026-03-01 --minutes 30 --channel phone --summary "Gesprek \(marker)"
            activity add --org "Org \(marker)" --kind training --date 2026-03-02 --hours 2 --topic "Onderwerp \(marker)"
            signal add --org "Org \(marker)" --theme "Thema \(marker)" --text "Signaal \(marker)"
            case show 2026-001
            """
        let result = try VPProcess.run(["repl"], environment: home.environment, input: script)
        #expect(result.status == 0 && result.errors.isEmpty, "\(result.errors)")
        #expect(result.output.contains("Aantekening \(marker)"), "the data must really be there")
        let files = try home.allFiles()
        #expect(files.contains { $0.0.hasSuffix("vault.sqlite-wal") || $0.0.hasSuffix("vault.sqlite") })
        for (path, contents) in files {
            #expect(contents.range(of: Data(marker.utf8)) == nil, "marker in \(path)")
            #expect(contents.range(of: Data(marker.utf16BigEndianBytes)) == nil, "UTF-16 marker in \(path)")
        }
    }
}

extension String {
    var utf16BigEndianBytes: [UInt8] { utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] } }

    /// Issue 12, fault 7: a script fed to the prompt stops at its first failing line and
    /// ends with that line's exit code (before: exit 0, and the lines after it ran); `#` lines are comments.
    @Test func aScriptStopsAtItsFirstFailingLine() throws {
        let home = TestHome()
        let script = "# set up the register\norg add Acme\ncase frobnicate\norg add Later\n"
        let result = try VPProcess.run(["repl"], environment: home.environment, input: script)
        #expect(result.status == Console.ExitStatus.usage.rawValue, "\(result.errors)")
        #expect(result.errors.contains("frobnicate") && result.errors.contains("Line 3 of the script failed"))
        let organisations = try VPProcess.run(["org", "list"], environment: home.environment).output
        #expect(organisations.contains("Acme") && !organisations.contains("Later"))
    }
}
