import ArgumentParser
import Foundation
import Vault

struct RestoreCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore", abstract: "Rebuild this folder's vault from a file made by 'vp backup', then catch up with 'vp sync'.",
        discussion: """
            Asks for the passphrase the vault had when the backup was made. Changes made on the device after the \
            backup and synced since come back with 'vp sync'; changes never synced are not in it.
            """)

    @OptionGroup var vault: VaultOptions
    @OptionGroup var options: OutputOptions
    @Argument(help: "The backup file.") var file: String

    func execute(in context: CommandContext) async throws {
        let source = URL(fileURLWithPath: file, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        let path = Vault.databasePath(in: context.home)
        guard !FileManager.default.fileExists(atPath: path) else { throw VaultError.alreadyExists(path: path) }
        let passphrase = try context.passphraseSource(vault).read(prompt: "Wachtwoordzin van de back-up / passphrase of the backup: ")
        try Vault.restore(from: source, into: context.home, passphrase: passphrase)
        context.emit(options, json: .object([("vault", .string(path))]),
                     text: Labels(language: options.language(context)).text(
                        nl: "Kluis hersteld: \(path). Geef 'vp sync' om bij te werken met je andere apparaten.\n",
                        en: "Vault restored: \(path). Run 'vp sync' to catch up with your other devices.\n"))
    }
}
