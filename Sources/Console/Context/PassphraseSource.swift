import Foundation
import Vault

/// Where a passphrase comes from, in order: `--passphrase-file`, `$VP_PASSPHRASE`, a
/// prompt on the terminal. Without any of them the vault stays locked.
struct PassphraseSource {
    let file: String?
    let environmentName: String
    let context: CommandContext

    func read(prompt: String) throws -> [UInt8] {
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ConsoleError.unreadableFile(file)
            }
            // The first line; a trailing newline from `echo` is not part of the passphrase.
            let firstLine = data.split(separator: 10, maxSplits: 1, omittingEmptySubsequences: false).first ?? Data()
            return Array(firstLine.last == 13 ? firstLine.dropLast() : firstLine)
        }
        if let value = context.environment[environmentName] { return Array(value.utf8) }
        if let terminal = context.terminal, let typed = terminal.readSecret(prompt: prompt) { return typed }
        throw VaultError.locked
    }

    /// A new passphrase: at least 8 characters, typed twice when prompted.
    func readNew(prompt: String, confirm: String) throws -> [UInt8] {
        let first = try read(prompt: prompt)
        guard String(decoding: first, as: UTF8.self).count >= 8 else { throw ConsoleError.weakPassphrase }
        if file == nil, context.environment[environmentName] == nil, let terminal = context.terminal {
            guard terminal.readSecret(prompt: confirm) == first else { throw ConsoleError.passphraseMismatch }
        }
        return first
    }
}
