import Foundation
import Testing
@testable import Console

/// Issue 12: argument lists made up from the commands' words, flags and awkward values
/// (negative and huge numbers, impossible dates, unknown and Dutch codes, escape sequences,
/// very long text) are thrown at the command layer. None may crash; every failure is one
/// line with a documented exit code other than 1 and leaves the vault byte for byte as it
/// was. Seeded (VP_FUZZ_SEED), so a failure can be replayed.
@Suite struct CommandFuzzTests {
    static let runs = 1_200

    static let commands: [[String]] = [
        ["case", "open"], ["case", "list"], ["case", "show"], ["case", "set"], ["case", "tag"], ["case", "close"], ["case", "reopen"],
        ["case", "history"], ["case", "resolve"], ["case", "move"], ["case", "export"], ["case", "destroy"],
        ["contact", "add"], ["contact", "edit"], ["contact", "delete"], ["activity", "add"], ["activity", "list"], ["activity", "delete"],
        ["signal", "add"], ["signal", "list"], ["signal", "delete"], ["org", "add"], ["org", "list"], ["org", "rename"], ["org", "remove"],
        ["report"], ["report", "note"], ["report", "finalize"], ["hours"], ["retention", "list"], ["retention", "status"],
        ["retention", "run"], ["handover", "list"], ["search"], ["agenda"], ["frobnicate"], ["case"], ["init"], [],
        // Also those that sync, share or guard the vault (none may reach a network: no relay is set).
        ["activity", "edit"], ["signal", "edit"], ["sync"], ["caseload", "list"], ["caseload", "members"], ["caseload", "verify"],
        ["caseload", "create"], ["caseload", "remove"], ["caseload", "role"], ["device", "list"], ["device", "revoke"],
        ["unlock"], ["lock"], ["passwd"], ["--version"], ["handover", "give"], ["handover", "accept"],
    ]
    static let flags = [
        "--org", "--date", "--minutes", "--channel", "--summary", "--category", "--role", "--other-party", "--year", "--threshold",
        "--format", "--lang", "--json", "--text", "--section", "--kind", "--hours", "--audience", "--topic", "--theme", "--outcome",
        "--keep", "--value", "--to", "--force", "--confirm", "--yes", "--redact", "--all", "--status", "--caseload", "--bogus",
        "--for", "--in", "--from", "--via", "--rekey", "--kdf",
    ]
    static let values = [
        "2026-001", "2026-002", "2026-001b", "2026-999", "", " ", "x", "1", "2", "0", "-5", "9223372036854775807", "100000", "1.5", "NaN", "1e308",
        "2026-03-01", "1900-01-01", "2099-12-31", "2026-02-30", "gisteren", "phone", "pesten", "bullying", "+bullying", "-other",
        "referral:hr", "integrity:fraud", "none", "summary", "other_party", "consent", "given:", "opened", "destroy_after", "private_note",
        "status", "Acme", "Onbekend", "eigen", "md", "html", "csv", "json", "pdf", "xlsx", "nl", "en", "de", "trends", "training",
        "\u{1B}[2J\u{1B}]0;x\u{07}", "a\r\nb", "😀", "\u{202E}kwaad", "-", String(repeating: "lang ", count: 2_000),
    ]

    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    func arguments(_ random: inout SeededGenerator, output: String) -> [String] {
        var words = Self.commands.randomElement(using: &random)!
        for _ in 0..<Int.random(in: 0...6, using: &random) {
            switch Int.random(in: 0..<10, using: &random) {
            case 0..<4: words.append(Self.values.randomElement(using: &random)!)
            case 4: words += ["-o", output]  // never a path outside the test's folder
            default:
                words.append(Self.flags.randomElement(using: &random)!)
                if Bool.random(using: &random) { words.append(Self.values.randomElement(using: &random)!) }
            }
        }
        return words
    }

    /// The vault's files, byte for byte.
    func files(_ home: TestHome) throws -> [Data] {
        try ["", "-wal"].map { suffix in
            let path = home.folder.appendingPathComponent("vault.sqlite" + suffix).path
            return FileManager.default.fileExists(atPath: path) ? try Data(contentsOf: URL(fileURLWithPath: path)) : Data()
        }
    }

    @Test func generatedArgumentListsNeverCrashAndFailInOneLineWithoutTouchingTheVault() async throws {
        let home = TestHome()
        for words in [
            ["org", "add", "Acme"], ["case", "open", "--org", "Acme", "--date", "2026-02-01", "--summary", "Eerste"],
            ["case", "open", "--org", "Acme", "--date", "2026-02-02"],
            ["contact", "add", "2026-001", "--date", "2026-02-03", "--minutes", "30", "--channel", "phone"],
            ["activity", "add", "--org", "Acme", "--kind", "training", "--date", "2026-02-04", "--hours", "2"],
        ] { #expect(await home.run(words).status == 0) }
        let vault = try home.openVault()
        let seed = UInt64(ProcessInfo.processInfo.environment["VP_FUZZ_SEED"] ?? "") ?? 20_261_126
        var random = SeededGenerator(state: seed)
        let documented = Set(ExitStatus.allCases.map(\.rawValue)).subtracting([ExitStatus.failure.rawValue])
        var before = try files(home)
        var failures = 0
        for _ in 0..<Self.runs {
            let words = arguments(&random, output: home.folder.appendingPathComponent("uit.bestand").path)
            let output = BufferStream(), errors = BufferStream()
            let fixed = home.now
            let context = CommandContext(environment: home.environment, output: output, errors: errors, terminal: nil,
                                         wallClock: { fixed }, standardInput: { Data() })
            context.openVault = vault  // as in the prompt: no key derivation per command
            let status = await CommandRunner.run(words, in: context)
            let after = try files(home)
            defer { before = after }
            guard status != 0 else { continue }
            failures += 1
            let lines = errors.text.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(documented.contains(status), "seed \(seed): \(words) → \(status): \(errors.text)")
            #expect(lines.count == 2 && !lines[0].isEmpty && lines[1].isEmpty, "seed \(seed): \(words) → \(errors.text)")
            #expect(!errors.text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "seed \(seed): \(words)")
            #expect(after == before, "seed \(seed): \(words) failed (\(status)) but changed the vault")
        }
        #expect(failures > Self.runs / 2)
    }
}
