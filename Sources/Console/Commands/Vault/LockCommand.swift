import ArgumentParser
import Vault

struct LockCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "lock", abstract: "Forget the unlocked key now; the next command asks for the passphrase.")

    @OptionGroup var options: OutputOptions

    func execute(in context: CommandContext) async throws {
        // In the prompt the vault may be open without an unlock session: closing it locks too.
        let forgotten = try LockedVault(at: context.home).endSession(in: context.keyring) || context.openVault != nil
        context.openVault = nil
        let labels = Labels(language: options.language(context))
        context.emit(options, json: .object([("locked", .bool(true)), ("was_unlocked", .bool(forgotten))]),
                     text: forgotten ? labels.text(nl: "Vergrendeld.\n", en: "Locked.\n") : labels.text(nl: "Was al vergrendeld.\n", en: "Already locked.\n"))
    }
}
