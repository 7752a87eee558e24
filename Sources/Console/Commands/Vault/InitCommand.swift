import ArgumentParser
import Cryptography
import Vault

struct InitCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create a new encrypted vault in $VP_HOME (default ~/.local/share/vertrouwd).")

    enum Strength: String, ExpressibleByArgument, CaseIterable {
        case interactive, moderate
        var kdf: PassphraseKDF { self == .interactive ? .interactive : .moderate }
    }

    @OptionGroup var vault: VaultOptions
    @Option(help: "Argon2id cost: moderate (default, ~1 s, 256 MiB) or interactive (~0.1 s, 64 MiB).")
    var kdf: Strength = .moderate

    func execute(in context: CommandContext) throws {
        let path = Vault.databasePath(in: context.home)
        if FileManager.default.fileExists(atPath: path) { throw VaultError.alreadyExists(path: path) }
        let passphrase = try context.passphraseSource(vault).readNew(
            prompt: "Nieuwe wachtwoordzin / new passphrase: ", confirm: "Nog een keer / again: ")
        let created = try Vault.create(in: context.home, passphrase: passphrase, kdf: kdf.kdf, wallClock: context.wallClock)
        context.openVault = created
        context.output.line("Kluis aangemaakt / vault created: \(context.home.path)")
    }
}

import Foundation
