import Foundation
import Vault

/// Where a passphrase comes from, in order: `--passphrase-file`, `$VP_PASSPHRASE`, a
/// prompt on the terminal. Without any of them the vault stays locked.
struct PassphraseSource {
    let file: String?
    let environmentName: String
    let context: CommandContext

    /// `missing`: what is thrown when none of the three gives one (the vault stays locked).
    func read(prompt: String, missing: Error = VaultError.locked) throws -> [UInt8] {
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ConsoleError.unreadableFile(file)
            }
            // The first line; a trailing newline from `echo` is not part of the passphrase.
            let firstLine = data.split(separator: 10, maxSplits: 1, omittingEmptySubsequences: false).first ?? Data()
            return Array(firstLine.last == 13 ? firstLine.dropLast() : firstLine)
        }
        if let value = context.environment[environmentName] { return Array(value.utf8) }
        if let terminal = context.terminal, let typed = try terminal.readSecret(prompt: prompt) { return typed }
        throw missing
    }

    /// A new passphrase strong enough (`PassphraseStrength`), typed twice when prompted. At a
    /// prompt a weak one is explained and asked again; from a file or the environment it is
    /// refused.
    func readNew(prompt: String, confirm: String, fileOption: String) throws -> [UInt8] {
        let prompted = file == nil && context.environment[environmentName] == nil && context.terminal != nil
        while true {
            let first = try read(prompt: prompt, missing: ConsoleError.newPassphraseNeeded(environment: environmentName, option: fileOption))
            let bits = PassphraseStrength.bits(String(decoding: first, as: UTF8.self))
            guard bits >= PassphraseStrength.minimumBits else {
                let refusal = ConsoleError.weakPassphrase(bits: Int(bits), suggestion: PassphraseStrength.suggestion())
                guard prompted else { throw refusal }
                context.errors.line(refusal.localizedDescription)
                continue
            }
            if prompted, let terminal = context.terminal {
                guard try terminal.readSecret(prompt: confirm) == first else { throw ConsoleError.passphraseMismatch }
            }
            return first
        }
    }
}
