import ArgumentParser
import Vault

struct LockCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "lock", abstract: "Forget the unlocked key now; the next command asks for the passphrase.")

    func execute(in context: CommandContext) async throws {
        // In the prompt the vault may be open without an unlock session: closing it locks too.
        let forgotten = try LockedVault(at: context.home).endSession(in: context.keyring) || context.openVault != nil
        context.openVault = nil
        context.output.line(forgotten ? "Vergrendeld / locked." : "Was al vergrendeld / already locked.")
    }
}
