import ArgumentParser
import Vault

struct UnlockCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "unlock",
        abstract: "Keep the vault unlocked for a while, so commands do not ask for the passphrase.",
        discussion: """
            The kernel keyring of your login session holds a random secret (not the vault key) that opens a copy of             the key the vault keeps for the session; 'vp lock', a new passphrase or the end of the time deletes that             copy, after which the secret opens nothing. See README, Threat model.
            """)

    @OptionGroup var vault: VaultOptions
    @OptionGroup var options: OutputOptions
    @Option(name: .customLong("for"), help: "How long: e.g. 90s, 15m, 2h (default 15m, at most 8h).")
    var duration: String = "15m"

    func execute(in context: CommandContext) async throws {
        let seconds = try UnlockDuration.seconds(duration)
        let opened = try context.vault(vault)
        try opened.startSession(in: context.keyring, seconds: seconds)
        context.emit(options, json: .object([("seconds", .integer(Int64(seconds)))]),
                     text: Labels(language: options.language(context)).text(nl: "Ontgrendeld voor \(duration).\n", en: "Unlocked for \(duration).\n"))
    }
}

/// Parses `90s`, `30m`, `8h`, `1h30m` into seconds.
enum UnlockDuration {
    /// A working day: longer, a forgotten session outlives the reason for it.
    static let maximumSeconds = 8 * 3_600

    static func seconds(_ text: String) throws -> UInt32 {
        var total = 0
        var number = ""
        for character in text {
            if character.isASCII && character.isNumber {
                number.append(character)
                continue
            }
            let unit: Int
            switch character {
            case "s": unit = 1
            case "m": unit = 60
            case "h": unit = 3_600
            default: throw ConsoleError.invalidDuration(text)
            }
            guard let value = Int(number) else { throw ConsoleError.invalidDuration(text) }
            total += value * unit
            number = ""
        }
        guard number.isEmpty, total > 0, total <= maximumSeconds else { throw ConsoleError.invalidDuration(text) }
        return UInt32(total)
    }
}
