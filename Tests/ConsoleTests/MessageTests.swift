import Foundation
import Testing
@testable import Console

/// Issue 12, item 11: messages that misled.
@Suite struct MessageTests {
    @Test func anUnknownCommandIsCalledThat() async {
        let home = TestHome()
        // `help frob` printed the overview and exited 0 (a third audit).
        for words in [["frobnicate"], ["case", "frobnicate"], ["caseload", "frobnicate", "x"], ["help", "frobnicate"], ["help", "case", "frobnicate"]] {
            let result = await home.run(words)
            #expect(result.status == ExitStatus.usage.rawValue, "\(words)")
            #expect(result.errors.contains("Unknown command 'frobnicate'"), "\(words): \(result.errors)")  // before: "Unexpected argument"
        }
        #expect(await home.run("help", "case").status == 0)
        // A huge argument is not repeated whole in the sentence (a third audit).
        let huge = await home.run("case", "show", "--" + String(repeating: "x", count: 200_000))
        #expect(huge.status == ExitStatus.usage.rawValue && huge.errors.count < 1_000 && huge.errors.contains("--help"), "\(huge.errors.count)")
        // Words of a command with a default subcommand are still its arguments.
        #expect(await home.run("report", "--org", "Nergens", "--year", "2026").errors.contains("Nergens"))
    }

    /// Issue 12, items 11 and 13: `--minutes -5` said "Missing value"; there was no `--version`.
    @Test func aNegativeNumberIsJudgedAndThereIsAVersion() async throws {
        let home = TestHome()
        #expect(await home.run("org", "add", "Acme").status == 0)
        #expect(await home.run("case", "open", "--org", "Acme").status == 0)
        let negative = await home.run("contact", "add", "2026-001", "--date", "2026-03-14", "--minutes", "-5", "--channel", "phone")
        #expect(negative.status == ExitStatus.invalidInput.rawValue && negative.errors.contains("zero or more"), "\(negative.errors)")
        // Also a negative duration, and numbers too large for any field: bad input (65), said so.
        let duration = await home.run("unlock", "--for", "-5m")
        #expect(duration.status == ExitStatus.invalidInput.rawValue && duration.errors.contains("not a duration"), "\(duration.errors)")
        for words in [["contact", "add", "2026-001", "--date", "2026-03-14", "--minutes", "99999999999999999999999", "--channel", "phone"],
                      ["report", "--org", "Acme", "--year", "99999999999999999999"]] {
            let huge = await home.run(words)
            #expect(huge.status == ExitStatus.invalidInput.rawValue && huge.errors.contains("is invalid for"), "\(words): \(huge.errors)")
        }
        // A second audit: lists took any year (exit 0) where report and hours refused it.
        for words in [["case", "list", "--year", "-1"], ["activity", "list", "--year", "99999"], ["signal", "list", "--year", "0"]] {
            let year = await home.run(words)
            #expect(year.status == ExitStatus.invalidInput.rawValue && year.errors.contains("is not a year"), "\(words): \(year.errors)")
        }
        #expect(await home.run("--version", "--json", "--lang", "en").output.contains("\"sync_protocol\": 2"))
        // ...and a relay address that is none is bad input, not an unreachable relay (68).
        let relay = await home.run("sync", "--relay", "ftp://relay.example")
        #expect(relay.status == ExitStatus.invalidInput.rawValue && relay.errors.contains("not a relay address"), "\(relay.errors)")
        // A third audit: a port past 65535 trapped ("Not enough bits"), in its own process here.
        for address in ["http://127.0.0.1:65536", "http://[::1]:70000", "http://127.0.0.1:0"] {
            let port = try VPProcess.run(["sync", "--relay", address], environment: home.environment)
            #expect(port.status == ExitStatus.invalidInput.rawValue && port.errors.contains("not a relay address"), "\(address): \(port.errors)")
        }
        let version = await home.run("--version")
        #expect(version.status == 0 && version.output.hasPrefix("vp "), "\(version.output)")
    }

    /// Issue 12, item 12: `device list` printed a stray "Epoch 0" line before its table.
    @Test func theDeviceListIsATableAndNothingElse() async {
        let home = TestHome()
        let listed = await home.run("device", "list")
        #expect(listed.status == 0 && !listed.output.contains("Epoch") && !listed.errors.contains("Epoch"), "\(listed.output)")
        #expect(listed.output.split(separator: "\n").count == 2, "\(listed.output)")  // the header and this device
    }

    @Test func lockInThePromptSaysLocked() throws {
        let home = TestHome()
        let result = try VPProcess.run(["repl"], environment: home.environment, input: "org list\nlock\n")
        #expect(result.output.contains("Vergrendeld."), "\(result.output)")  // before: "already locked", and locked
        #expect(!result.output.contains("already"))
    }

    @Test func passwdWithoutTheCurrentPassphraseSaysSo() async {
        let home = TestHome()
        home.environment["VP_PASSPHRASE"] = nil
        home.environment["VP_NEW_PASSPHRASE"] = "een geheel nieuwe lange zin"
        let result = await home.run("passwd")
        #expect(result.status == ExitStatus.locked.rawValue)
        #expect(result.errors.contains("needs the current passphrase"), "\(result.errors)")  // before: "run 'vp unlock'"
    }

    @Test func aTruncatedVaultIsDamagedNotADiskProblem() throws {
        let home = TestHome()
        #expect(try VPProcess.run(["org", "add", "Acme"], environment: home.environment).status == 0)
        let path = home.folder.appendingPathComponent("vault.sqlite").path
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: UInt64(size / 2))
        try handle.close()
        let result = try VPProcess.run(["org", "list"], environment: home.environment)
        #expect(result.status == ExitStatus.damaged.rawValue, "\(result.status): \(result.errors)")  // before: 74, "check free disk space"
    }
}

/// Issue 12, item 1: a crash printed Swift's backtrace with every register and the memory
/// around it, which can hold decrypted case text.
@Suite struct CrashOutputTests {
    @Test func aCrashSaysOneSentenceAndShowsNoMemory() throws {
        let home = TestHome()
        for signal in [SIGSEGV, SIGILL] {
            let process = Process()
            process.executableURL = VPProcess.binary
            process.arguments = ["repl"]
            process.environment = home.environment
            let input = Pipe(), output = Pipe(), errors = Pipe()
            process.standardInput = input
            process.standardOutput = output
            process.standardError = errors
            try process.run()
            // Once it has answered a line it is running vp's code (not still starting up).
            input.fileHandleForWriting.write(Data("org list\n".utf8))
            var answered = ""
            while !answered.contains("NAAM") { answered += String(decoding: output.fileHandleForReading.availableData, as: UTF8.self) }
            kill(process.processIdentifier, signal)
            process.waitUntilExit()
            let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(process.terminationStatus == ExitStatus.failure.rawValue && process.terminationReason == .exit, "\(signal): \(process.terminationStatus)")
            #expect(stderr.split(separator: "\n").count == 1 && stderr.contains("internal error"), "\(stderr)")
            #expect(!stderr.contains("rax") && !stderr.contains("Registers") && !stderr.contains("0x"), "\(stderr)")
        }
    }
}
