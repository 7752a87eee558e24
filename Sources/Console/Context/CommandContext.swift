import Casework
import Foundation
import Replica
import Signatures
import Sync
import Vault

/// Opens a transport to the relay at a URL, signing as a device (or as a guest without keys).
public typealias RelayConnector = @Sendable (_ url: URL, _ keys: SigningKeyPair?) -> any RelayTransport

/// Everything a command may touch besides its arguments, injected so that commands run
/// the same in the CLI, in the REPL and in tests.
public final class CommandContext {
    public let environment: [String: String]
    public let output: TextStream
    public let errors: TextStream
    /// The controlling terminal for passphrase prompts; nil in scripts and tests.
    let terminal: Terminal?
    let wallClock: @Sendable () -> UInt64
    /// All of standard input, for text given as "-".
    let standardInput: () -> Data
    /// HTTP in the CLI; tests may hand in the in-process relay.
    let connect: RelayConnector
    let keyring = SessionKeyring()
    /// The vault once opened; the REPL keeps it open between commands.
    var openVault: Vault?
    /// Set by the REPL so that `repl` inside it is refused.
    var insideRepl = false
    /// Set by `vp repl --json` and `--lang`: the default of every command typed in the prompt.
    var jsonByDefault = false
    var languageByDefault: Language?
    /// Standard input was read for a `-` value: a second one would get nothing.
    var standardInputTaken = false
    /// Records this context's commands changed, and in how many log batches, for the REPL
    /// to refresh what it shows.
    var changedRecords: Set<RecordID> = []
    var writtenBatches: Int64 = 0

    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        output: TextStream = FileDescriptorStream(STDOUT_FILENO),
        errors: TextStream = FileDescriptorStream(STDERR_FILENO),
        terminal: Terminal? = Terminal.controlling(),
        wallClock: @escaping @Sendable () -> UInt64 = Vault.systemClock,
        standardInput: @escaping () -> Data = { FileHandle.standardInput.readDataToEndOfFile() },
        connect: RelayConnector? = nil
    ) {
        let trusted = environment["VP_RELAY_CA"].flatMap { $0.isEmpty ? nil : $0 }
        self.connect = connect ?? { url, keys in HTTPRelay(baseURL: url, keys: keys, trustedCertificates: trusted, now: wallClock) }
        self.standardInput = standardInput
        self.environment = environment
        self.output = output
        self.errors = errors
        self.terminal = terminal
        self.wallClock = wallClock
    }

    /// `$VP_HOME`, or `~/.local/share/vertrouwd`.
    var home: URL {
        if let home = environment["VP_HOME"], !home.isEmpty { return URL(fileURLWithPath: home) }
        let user = environment["HOME"] ?? NSHomeDirectory()
        return URL(fileURLWithPath: user).appendingPathComponent(".local/share/vertrouwd")
    }

    var defaultLanguage: String { languageByDefault?.rawValue ?? environment["VP_LANG"] ?? "nl" }
}
