import ArgumentParser
import Vault

struct PasswdCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "passwd",
        abstract: "Change the passphrase (the content is not re-encrypted).",
        discussion: "The current passphrase comes from --passphrase-file, $VP_PASSPHRASE or a prompt; the new one from --new-passphrase-file, $VP_NEW_PASSPHRASE or a prompt.")

    @OptionGroup var vault: VaultOptions
    @OptionGroup var options: OutputOptions
    @Option(name: .customLong("new-passphrase-file"), help: "Read the new passphrase from this file.")
    var newPassphraseFile: String?
    @Flag(help: "Also seal everything anew under a fresh key, so that an old copy of the vault with the old passphrase opens nothing written from now on.")
    var rekey = false

    func execute(in context: CommandContext) async throws {
        let locked = try context.lockedVault()
        let header = locked.header
        // Always ask for the current passphrase, even when unlocked.
        let current: [UInt8]
        do {
            current = try context.passphraseSource(vault).read(prompt: "Huidige wachtwoordzin / current passphrase: ")
        } catch VaultError.locked {
            throw ConsoleError.currentPassphraseNeeded
        }
        let key = try header.unlock(passphrase: current)
        let opened = try locked.open(key: key)
        let fresh = try PassphraseSource(file: newPassphraseFile, environmentName: "VP_NEW_PASSPHRASE", context: context)
            .readNew(prompt: "Nieuwe wachtwoordzin / new passphrase: ", confirm: "Nog een keer / again: ", fileOption: "--new-passphrase-file")
        // A running unlock session ends with the old passphrase (and, with --rekey, the old key).
        try opened.endSession(in: context.keyring)
        guard rekey else {
            try opened.changePassphrase(to: fresh)
            context.openVault = nil
            return context.emit(options, json: .object([("rekeyed", .bool(false))]),
                                text: Labels(language: options.language(context)).text(nl: "Wachtwoordzin gewijzigd.\n", en: "Passphrase changed.\n"))
        }
        try opened.rekey(to: fresh)
        context.openVault = nil
        context.emit(options, json: .object([("rekeyed", .bool(true))]),
                     text: Labels(language: options.language(context)).text(
                        nl: "Wachtwoordzin gewijzigd en kluis opnieuw versleuteld onder een nieuwe sleutel.\n",
                        en: "Passphrase changed and vault re-encrypted under a new key.\n"))
    }
}
