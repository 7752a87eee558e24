import ArgumentParser
import Casework
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
        let target = URL(fileURLWithPath: file, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        // Judged before anything is written: the vault notes each backup it makes.
        var isFolder: ObjCBool = false
        if file.isEmpty || (FileManager.default.fileExists(atPath: target.path, isDirectory: &isFolder) && isFolder.boolValue) {
            throw ConsoleError.invalidValue("'\(DisplayText.line(file))' is a folder, not a file; give the backup a file name, e.g. \(target.appendingPathComponent("kluis.vpbackup").path).")
        }
        guard FileManager.default.fileExists(atPath: target.deletingLastPathComponent().path, isDirectory: &isFolder), isFolder.boolValue else {
            throw ConsoleError.unwritableFile(target.path)
        }
        let opened = try context.vault(vault)
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
