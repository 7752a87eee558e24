import Foundation
@testable import Console
import Cryptography
import Sync
import Vault

/// A temporary $VP_HOME with a fresh vault, and a way to run commands in-process on it.
final class TestHome {
    static let passphrase = "een lange testzin"
    let folder: URL
    var environment: [String: String]
    /// 2026-03-14 12:00 UTC, so dates and references are predictable.
    var now: UInt64 = 1_773_489_600_000
    /// The relay commands reach; the HTTP relay when nil.
    var connect: RelayConnector?

    init(createVault: Bool = true) {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("vp-home-\(UUID().uuidString)")
        environment = ["VP_HOME": folder.path, "VP_PASSPHRASE": Self.passphrase, "HOME": folder.path]
        if createVault {
            // What `vp init --kdf interactive` does, without a command (init cannot await).
            let fixed = now
            let vault = try! Vault.create(in: folder, passphrase: Array(Self.passphrase.utf8), kdf: .interactive, wallClock: { fixed })
            try! Caseload.createHome(in: vault, milliseconds: now)
        }
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    struct Result {
        let status: Int32
        let output: String
        let errors: String
    }

    /// Runs one command line through the same runner as the CLI.
    @discardableResult
    func run(_ words: String...) async -> Result { await run(words) }

    func run(_ words: [String]) async -> Result {
        let output = BufferStream()
        let errors = BufferStream()
        let fixed = now
        let context = CommandContext(
            environment: environment, output: output, errors: errors, terminal: nil, wallClock: { fixed }, connect: connect)
        let status = await CommandRunner.run(words, in: context)
        return Result(status: status, output: output.text, errors: errors.text)
    }

    /// The vault of this home, opened with the test passphrase, as another program would.
    func openVault() throws -> Vault {
        try LockedVault(at: folder).unlock(passphrase: Array(Self.passphrase.utf8))
    }

    /// Parses JSON output of a command.
    func json(_ words: String...) async throws -> Any {
        try await json(words)
    }

    func json(_ words: [String]) async throws -> Any {
        let result = await run(words + ["--json"])
        guard result.status == 0 else { throw TestFailure(message: result.errors) }
        return try JSONSerialization.jsonObject(with: Data(result.output.utf8))
    }

    /// Every file below the home folder with its bytes, for leak scans.
    func allFiles() throws -> [(String, Data)] {
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])!
        return try enumerator.compactMap { item in
            let url = item as! URL
            guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { return nil }
            return (url.path, try Data(contentsOf: url))
        }
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
