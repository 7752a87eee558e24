import Casework
import Foundation
import Vault

extension CommandContext {
    /// The open vault: from this process (REPL), else unlocked with the key of an unlock
    /// session, else with the passphrase.
    func vault(_ options: VaultOptions) throws -> Vault {
        if let openVault { return openVault }
        let locked = try LockedVault(at: home)
        let header = locked.header
        let key = try keyring.load(vaultID: header.vaultID)
            ?? header.unlock(passphrase: passphraseSource(options).read(prompt: "Wachtwoordzin / passphrase: "))
        let vault = try locked.open(key: key, indexing: CaseIndex(), wallClock: wallClock)
        openVault = vault
        return vault
    }

    func passphraseSource(_ options: VaultOptions) -> PassphraseSource {
        PassphraseSource(file: options.passphraseFile, environmentName: "VP_PASSPHRASE", context: self)
    }
}
