import Casework
import Foundation
import Vault

extension CommandContext {
    /// The open vault: from this process (REPL), else unlocked with the key of an unlock
    /// session, else with the passphrase.
    func vault(_ options: VaultOptions) throws -> Vault {
        if let openVault { return openVault }
        let (database, header) = try Vault.readHeader(in: home)
        let key = try keyring.load(vaultID: header.vaultID)
            ?? header.unlock(passphrase: passphraseSource(options).read(prompt: "Wachtwoordzin / passphrase: "))
        let vault = try Vault.open(in: home, database: database, header: header, key: key, indexing: CaseIndex(), wallClock: wallClock)
        openVault = vault
        return vault
    }

    func passphraseSource(_ options: VaultOptions) -> PassphraseSource {
        PassphraseSource(file: options.passphraseFile, environmentName: "VP_PASSPHRASE", context: self)
    }
}
