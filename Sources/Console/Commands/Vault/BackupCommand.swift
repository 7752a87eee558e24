import ArgumentParser
import Foundation
import Vault

struct BackupCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "Write the whole vault to one encrypted file (restore it with 'vp restore').",
        discussion: """
            Safe while other commands run: the file is one consistent copy. It opens only with the passphrase \
            the vault has now. It keeps everything the vault holds today, also cases destroyed later: keep it \
            as carefully as the laptop, and renew it after destroying cases.
            """)

    @OptionGroup var vault: VaultOptions
    @OptionGroup var options: OutputOptions
    @Argument(help: "The file to write (replaced once complete).") var file: String

    func execute(in context: CommandContext) async throws {
        let opened = try context.vault(vault)
        let target = URL(fileURLWithPath: file, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        let bytes = try opened.backup(to: target)
        let labels = Labels(language: options.language(context))
        if opened.isReadOnly {
            context.errors.line(labels.text(
                nl: "De kluis kan hier niet worden beschreven, dus deze back-up staat niet in wat 'vp retention run' laat vernieuwen; houd hem zelf bij.",
                en: "The vault cannot be written here, so this backup is not among those 'vp retention run' asks to renew; keep track of it yourself."))
        }
        context.emit(options, json: .object([("file", .string(target.path)), ("bytes", .integer(Int64(bytes)))]),
                     text: labels.text(nl: "Back-up geschreven: \(target.path) (\(bytes) bytes)\n", en: "Backup written: \(target.path) (\(bytes) bytes)\n"))
    }
}
