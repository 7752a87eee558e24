import Foundation
import Testing
@testable import Console

/// Every failure: one sentence on stderr, a documented exit code, nothing written.
@Suite struct ErrorTests {
    func expectFailure(_ home: TestHome, _ words: [String], _ status: Console.ExitStatus, mentions: String) throws {
        let before = try Self.snapshot(home)
        let result = home.run(words)
        #expect(result.status == status.rawValue, "\(words): \(result.errors)")
        #expect(result.output.isEmpty)
        let message = result.errors.trimmingCharacters(in: .newlines)
        #expect(!message.isEmpty && !message.contains("\n"), "not one line: \(message)")
        #expect(message.contains(mentions), "\(message)")
        #expect(try Self.snapshot(home) == before, "\(words) changed the vault")
    }

    /// The vault's files, byte for byte (a failed command must not touch them).
    static func snapshot(_ home: TestHome) throws -> [String: Data] {
        Dictionary(uniqueKeysWithValues: try home.allFiles().filter { !$0.0.hasSuffix("-shm") })
    }

    @Test func badInputIsRefusedWithoutPartialWrites() throws {
        let home = TestHome()
        home.run("org", "add", "Acme")
        home.run("case", "open", "--org", "Acme")
        try expectFailure(home, ["case", "open", "--org", "Acme", "--bogus"], .usage, mentions: "--bogus")
        try expectFailure(home, ["case", "show", "2026-999"], .notFound, mentions: "2026-999")
        try expectFailure(home, ["case", "open", "--org", "Nope"], .notFound, mentions: "Nope")
        try expectFailure(home, ["case", "open", "--org", "Acme", "--date", "2026-02-30"], .invalidInput, mentions: "YYYY-MM-DD")
        try expectFailure(home, ["case", "open", "--org", "Acme", "--category", "bullying", "--category", "gossip"], .invalidInput,
                          mentions: "sexual_harassment")
        try expectFailure(home, ["case", "set", "2026-001", "colour", "red"], .invalidInput, mentions: "channel")
        try expectFailure(home, ["case", "tag", "2026-001", "+bullying", "+nonsense"], .invalidInput, mentions: "nonsense")
        try expectFailure(home, ["contact", "add", "2026-001", "--date", "2026-03-01", "--minutes=-5", "--channel", "phone"],
                          .invalidInput, mentions: "minutes")
        try expectFailure(home, ["unlock", "--for", "3 days"], .usage, mentions: "duration")
    }

    @Test func vaultAccessErrors() throws {
        let home = TestHome()
        home.run("org", "add", "Acme")
        home.environment["VP_PASSPHRASE"] = "dit is fout"
        try expectFailure(home, ["case", "list"], .wrongPassphrase, mentions: "passphrase is wrong")
        home.environment["VP_PASSPHRASE"] = nil
        try expectFailure(home, ["case", "list"], .locked, mentions: "locked")
        try expectFailure(home, ["init", "--kdf", "interactive"], .alreadyExists, mentions: "already exists")

        let empty = TestHome(createVault: false)
        try expectFailure(empty, ["case", "list"], .notFound, mentions: "vp init")

        let foreign = TestHome(createVault: false)
        try FileManager.default.createDirectory(at: foreign.folder, withIntermediateDirectories: true)
        try Data(repeating: 0x41, count: 4096).write(to: foreign.folder.appendingPathComponent("vault.sqlite"))
        try expectFailure(foreign, ["case", "list"], .notAVault, mentions: "not a Vertrouwd vault")
    }

    @Test func passphraseFileAndPasswd() throws {
        let home = TestHome()
        home.run("org", "add", "Acme")
        let file = home.folder.appendingPathComponent("pass.txt")
        try Data((TestHome.passphrase + "\n").utf8).write(to: file)
        home.environment["VP_PASSPHRASE"] = nil
        #expect(home.run("org", "list", "--passphrase-file", file.path).status == 0)
        try expectFailure(home, ["org", "list", "--passphrase-file", "/nonexistent/pass"], .notFound, mentions: "/nonexistent/pass")

        home.environment["VP_PASSPHRASE"] = TestHome.passphrase
        home.environment["VP_NEW_PASSPHRASE"] = "kort"
        try expectFailure(home, ["passwd"], .invalidInput, mentions: "8 characters")
        home.environment["VP_NEW_PASSPHRASE"] = "een geheel nieuwe zin"
        #expect(home.run("passwd").status == 0)
        try expectFailure(home, ["org", "list"], .wrongPassphrase, mentions: "wrong")
        home.environment["VP_PASSPHRASE"] = "een geheel nieuwe zin"
        #expect(home.run("org", "list").output.contains("Acme"))
    }
}
