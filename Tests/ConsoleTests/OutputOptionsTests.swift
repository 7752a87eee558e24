import Foundation
import Testing
@testable import Console

/// Issue 12, item 13: every command takes `--json` and `--lang`, also the vault commands,
/// and the output options may come before the command (`vp --lang en case list`).
@Suite struct OutputOptionsTests {
    func object(_ result: TestHome.Result) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any], "\(result.output) \(result.errors)")
    }

    @Test func vaultCommandsAnswerInJSONAndInTheLanguageAsked() async throws {
        let home = TestHome()
        #expect(await home.run("org", "add", "Acme").status == 0)
        let leading = await home.run("--lang", "en", "org", "list")
        #expect(leading.status == 0 && leading.output.hasPrefix("NAME"), "\(leading.output) \(leading.errors)")
        #expect(await home.run("--json", "org", "list").output.hasPrefix("["))

        let backup = try object(await home.run("backup", home.folder.appendingPathComponent("b.vpbackup").path, "--json"))
        #expect((backup["bytes"] as? Int ?? 0) > 0)
        #expect(await home.run("backup", home.folder.appendingPathComponent("c.vpbackup").path, "--lang", "en").output.hasPrefix("Backup written"))
        #expect(try object(await home.run("unlock", "--for", "1m", "--json"))["seconds"] as? Int == 60)
        #expect(try object(await home.run("lock", "--json"))["was_unlocked"] as? Bool == true)
        #expect(await home.run("lock", "--lang", "en").output == "Already locked.\n")
        home.environment["VP_NEW_PASSPHRASE"] = "een nog veel langere testzin voor de kluis"
        #expect(try object(await home.run("passwd", "--json"))["rekeyed"] as? Bool == false)
    }
}

/// Issue 12, item 13: codes are taken in Dutch and English as lists show them, and shell
/// completions come from the command definitions.
@Suite struct CodeLabelTests {
    @Test func dutchAndEnglishLabelsAreAcceptedForCodes() async throws {
        let home = TestHome()
        #expect(await home.run("org", "add", "Acme").status == 0)
        #expect(await home.run("case", "open", "--org", "Acme", "--category", "pesten", "--channel", "telefonisch").status == 0)
        #expect(await home.run("case", "tag", "2026-001", "+Werkdruk", "+seksuele_intimidatie").status == 0)
        #expect(await home.run("case", "close", "2026-001").status == 0)
        let closed = try #require(try await home.json("case", "list", "--status", "gesloten") as? [[String: Any]])
        #expect(closed.count == 1 && (closed.first?["categories"] as? [String]) == ["bullying", "sexual_harassment", "work_pressure"], "\(closed)")
        #expect(await home.run("case", "list", "--status", "dicht").status == 65)
    }

    @Test func shellCompletionsAreGeneratedForBashZshAndFish() async throws {
        let home = TestHome()
        for shell in ["bash", "zsh", "fish"] {
            let script = await home.run("--generate-completion-script", shell)
            #expect(script.status == 0 && script.output.contains("agenda") && script.output.contains("retention"), "\(shell)")
        }
    }

    /// Issue 12, item 13: bash itself, with the generated script, offers a command's flags
    /// and the codes an option takes (it offered nothing after `--channel`).
    @Test func bashCompletesFlagsAndCodes() async throws {
        let home = TestHome()
        let script = home.folder.appendingPathComponent("vp.bash")
        try await home.run("--generate-completion-script", "bash").output.write(to: script, atomically: true, encoding: .utf8)
        func completions(_ words: [String]) throws -> [String] {
            let line = words.joined(separator: " ")
            let program = """
                source '\(script.path)'
                COMP_WORDS=(\(words.map { "'\($0)'" }.joined(separator: " "))); COMP_CWORD=\(words.count - 1)
                COMP_LINE='\(line)'; COMP_POINT=${#COMP_LINE}
                _vp vp '\(words.last!)' '\(words[words.count - 2])'; printf '%s\\n' "${COMPREPLY[@]}"
                """
            let bash = Process()
            bash.executableURL = URL(fileURLWithPath: "/bin/bash")
            bash.arguments = ["-c", program]
            let output = Pipe()
            bash.standardOutput = output
            try bash.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            bash.waitUntilExit()
            return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        }
        #expect(try completions(["vp", "contact", "add", "2026-001", "--channel", ""]) == ["in_person", "phone", "video", "email"])
        let flags = try completions(["vp", "contact", "add", "2026-001", "--"])
        #expect(flags.contains("--purpose") && flags.contains("--follow-up") && !flags.contains("--org"), "\(flags)")
        #expect(try completions(["vp", "case", "list", "--status", ""]) == ["open", "closed"])
        // A second audit: `vp report` is `vp report generate`, and offered only subcommands.
        let report = try completions(["vp", "report", "--"])
        #expect(report.contains("--org") && report.contains("--format"), "\(report)")
        #expect(try completions(["vp", "report", "--org", "Acme", "--format", ""]) == ["md", "html", "pdf", "csv", "csv-nl", "xlsx", "json"])
        #expect(try completions(["vp", "report", ""]).contains("finalize"))
        let note = try completions(["vp", "report", "note", "--"])
        #expect(note.contains("--section") && !note.contains("--format"), "\(note)")
    }
}
