import Foundation
import Testing
@testable import Console
import Replica
import Sync

/// Every failure: one sentence on stderr, a documented exit code, nothing written.
@Suite struct ErrorTests {
    func expectFailure(_ home: TestHome, _ words: [String], _ status: Console.ExitStatus, mentions: String) async throws {
        let before = try Self.snapshot(home)
        let result = await home.run(words)
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

    @Test func badInputIsRefusedWithoutPartialWrites() async throws {
        let home = TestHome()
        await home.run("org", "add", "Acme")
        await home.run("case", "open", "--org", "Acme")
        try await expectFailure(home, ["case", "open", "--org", "Acme", "--bogus"], .usage, mentions: "--bogus")
        try await expectFailure(home, ["case", "show", "2026-999"], .notFound, mentions: "2026-999")
        try await expectFailure(home, ["case", "open", "--org", "Nope"], .notFound, mentions: "Nope")
        try await expectFailure(home, ["case", "open", "--org", "Acme", "--date", "2026-02-30"], .invalidInput, mentions: "YYYY-MM-DD")
        try await expectFailure(home, ["case", "open", "--org", "Acme", "--category", "bullying", "--category", "gossip"], .invalidInput,
                          mentions: "sexual_harassment")
        try await expectFailure(home, ["case", "set", "2026-001", "colour", "red"], .invalidInput, mentions: "channel")
        try await expectFailure(home, ["case", "tag", "2026-001", "+bullying", "+nonsense"], .invalidInput, mentions: "nonsense")
        try await expectFailure(home, ["contact", "add", "2026-001", "--date", "2026-03-01", "--minutes=-5", "--channel", "phone"],
                          .invalidInput, mentions: "minutes")
        try await expectFailure(home, ["unlock", "--for", "3 days"], .invalidInput, mentions: "duration")
    }

    /// Issue 12, fault 1: absurd numbers are refused with their range, and one that arrives
    /// anyway (from a colleague's device) cannot crash the report.
    @Test func absurdNumbersAreRefusedAndCannotCrashTheReport() async throws {
        let home = TestHome()
        await home.run("org", "add", "Acme")
        await home.run("case", "open", "--org", "Acme", "--date", "2026-03-01")
        try await expectFailure(home, ["contact", "add", "2026-001", "--date", "2026-03-02", "--minutes", "9223372036854775807", "--channel", "phone"],
                                .invalidInput, mentions: "0 to 1440")
        try await expectFailure(home, ["activity", "add", "--org", "Acme", "--kind", "training", "--date", "2026-03-02", "--hours", "1e300"],
                                .invalidInput, mentions: "hours")
        // As a colleague's device could have written them: two conversations of Int64.max minutes.
        let vault = try home.openVault()
        let caseID = try #require(try vault.records().first { $0.value.string("ref") == "2026-001" }?.key)
        try vault.write { session in
            for _ in 0..<2 {
                let id = session.newRecordID()
                session.assign(.string("contact"), to: "kind", of: id)
                session.assign(.string(caseID.description), to: "case", of: id)
                session.assign(.string("2026-03-03"), to: "date", of: id)
                session.assign(.integer(.max), to: "minutes", of: id)
            }
        }
        let report = await home.run("report", "--org", "Acme", "--year", "2026")
        #expect(report.status == 0, "\(report.errors)")  // before: Illegal instruction (exit 132)
    }

    /// Issue 12, fault 8: a relay that never answered is not remembered.
    @Test func anUnreachableRelayIsNotRemembered() async throws {
        let home = TestHome()
        await home.run("org", "add", "Acme")
        #expect(await home.run("sync", "--relay", "http://127.0.0.1:1").status == Console.ExitStatus.relayUnreachable.rawValue)
        try await expectFailure(home, ["sync"], .usage, mentions: "--relay")  // before: it tried 127.0.0.1:1 again
    }

    /// Issue 9, attack 10: plain http only to this computer, unless the counsellor says so.
    @Test func plainHTTPToAnotherComputerIsRefused() async throws {
        let home = TestHome()
        await home.run("org", "add", "Acme")
        try await expectFailure(home, ["sync", "--relay", "http://relay.example.nl:8080"], .usage, mentions: "https://")
        try await expectFailure(home, ["sync", "--relay", "http://10.0.0.5"], .usage, mentions: "--insecure")
        #expect(try Sync.RelayAddress.parse("http://127.0.0.1:8080", insecure: false).host == "127.0.0.1")
        #expect(try Sync.RelayAddress.parse("http://[::1]:8080", insecure: false).port == 8080)
        #expect(try Sync.RelayAddress.parse("https://relay.example.nl", insecure: false).scheme == "https")
        #expect(try Sync.RelayAddress.parse("http://10.0.0.5", insecure: true).host == "10.0.0.5")
        #expect(throws: Sync.SyncError.insecureRelay("http://127.evil.nl")) { try Sync.RelayAddress.parse("http://127.evil.nl", insecure: false) }
    }

    @Test func vaultAccessErrors() async throws {
        let home = TestHome()
        await home.run("org", "add", "Acme")
        home.environment["VP_PASSPHRASE"] = "dit is fout"
        try await expectFailure(home, ["case", "list"], .wrongPassphrase, mentions: "passphrase is wrong")
        home.environment["VP_PASSPHRASE"] = nil
        try await expectFailure(home, ["case", "list"], .locked, mentions: "locked")
        try await expectFailure(home, ["init", "--kdf", "interactive"], .alreadyExists, mentions: "already exists")

        let empty = TestHome(createVault: false)
        try await expectFailure(empty, ["case", "list"], .notFound, mentions: "vp init")

        let foreign = TestHome(createVault: false)
        try FileManager.default.createDirectory(at: foreign.folder, withIntermediateDirectories: true)
        try Data(repeating: 0x41, count: 4096).write(to: foreign.folder.appendingPathComponent("vault.sqlite"))
        try await expectFailure(foreign, ["case", "list"], .notAVault, mentions: "not a Vertrouwd vault")
    }

    @Test func passphraseFileAndPasswd() async throws {
        let home = TestHome()
        await home.run("org", "add", "Acme")
        let file = home.folder.appendingPathComponent("pass.txt")
        try Data((TestHome.passphrase + "\n").utf8).write(to: file)
        home.environment["VP_PASSPHRASE"] = nil
        #expect(await home.run("org", "list", "--passphrase-file", file.path).status == 0)
        try await expectFailure(home, ["org", "list", "--passphrase-file", "/nonexistent/pass"], .notFound, mentions: "/nonexistent/pass")

        home.environment["VP_PASSPHRASE"] = TestHome.passphrase
        // A third audit: without a new passphrase, passwd said the vault was locked.
        try await expectFailure(home, ["passwd"], .usage, mentions: "VP_NEW_PASSPHRASE")
        // Issue 13, item 2: short or guessable passphrases are refused, with a suggestion.
        for weak in ["kort", "12345678", "aaaaaaaa", "Welkom2026!"] {
            home.environment["VP_NEW_PASSPHRASE"] = weak
            try await expectFailure(home, ["passwd"], .invalidInput, mentions: "too easy to guess")
        }
        home.environment["VP_NEW_PASSPHRASE"] = "een geheel nieuwe zin"
        #expect(await home.run("passwd").status == 0)
        try await expectFailure(home, ["org", "list"], .wrongPassphrase, mentions: "wrong")
        home.environment["VP_PASSPHRASE"] = "een geheel nieuwe zin"
        #expect(await home.run("org", "list").output.contains("Acme"))
        // Issue 13, item 3: a passphrase change that also re-keys the vault.
        home.environment["VP_NEW_PASSPHRASE"] = "weer een andere lange zin"
        let rekeyed = await home.run("passwd", "--rekey")
        #expect(rekeyed.status == 0 && rekeyed.output.contains("opnieuw versleuteld"), "\(rekeyed.errors)")
        try await expectFailure(home, ["org", "list"], .wrongPassphrase, mentions: "wrong")
        home.environment["VP_PASSPHRASE"] = "weer een andere lange zin"
        #expect(await home.run("org", "list").output.contains("Acme"))
    }
}

/// Invitations and device links ask, on a terminal, whether the other side shows the same
/// comparison code; anything but yes undoes the exchange (the caller removes the device).
@Suite struct ComparisonConfirmationTests {
    func answering(_ text: String?) throws -> Bool {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw TestFailure(message: "no pipe") }
        defer { close(fds[0]) }
        if let text { _ = text.utf8CString.withUnsafeBufferPointer { write(fds[1], $0.baseAddress, text.utf8.count) } }
        close(fds[1])
        let context = CommandContext(environment: [:], output: BufferStream(), errors: BufferStream(),
                                     terminal: Terminal(input: fds[0], output: open("/dev/null", O_WRONLY)))
        return context.confirmsComparison("12345 67890 12345 67890 12345 67890")
    }

    @Test func onlyAYesKeepsTheExchange() throws {
        #expect(try answering("j\n") && answering("yes\n"))
        #expect(try !answering("n\n") && !answering("\n") && !answering(nil))
        let script = CommandContext(environment: [:], output: BufferStream(), errors: BufferStream(), terminal: nil)
        #expect(script.confirmsComparison("x"))  // scripts cannot compare now: the code is shown, not asked
    }
}
