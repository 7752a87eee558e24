import Casework
import Foundation
import Replica
import Sync
import Vault

extension CommandContext {
    /// The open vault: from this process (REPL), else unlocked with the key of an unlock
    /// session, else with the passphrase.
    func vault(_ options: VaultOptions) throws -> Vault {
        if let openVault { return openVault }
        let locked = try lockedVault()
        let header = locked.header
        let key = try locked.sessionKey(from: keyring, now: wallClock())
            ?? header.unlock(passphrase: passphraseSource(options).read(prompt: "Wachtwoordzin / passphrase: "))
        let vault = try locked.open(key: key, indexing: CaseIndex(), wallClock: wallClock)
        // Expired key halves go at every unlock, not only at a sync (Protocol/sync.md, "Key pools").
        if !vault.isReadOnly { try KeyExpiry.forgetDue(in: vault, now: wallClock()) }
        openVault = vault
        return vault
    }

    /// The vault file, refused when its setting-up was cut short (only `vp init` replaces it).
    func lockedVault() throws -> LockedVault {
        let locked = try LockedVault(at: home)
        guard !locked.isSetupUnfinished else { throw VaultError.setupUnfinished(path: Vault.databasePath(in: home)) }
        return locked
    }

    /// One case and what showing it needs (its organisation, conversations, profiles), read
    /// through the index: not the whole register.
    func caseWithDetails(ref: String, _ options: VaultOptions) throws -> (book: Casebook, file: CaseFile) {
        let opened = try vault(options)
        var records = try opened.records(CaseIndex.caseNeeds(ref: ref))
        let file = try Casebook(records: records).caseFile(ref: ref)
        records.merge(try opened.records(CaseIndex.detailNeeds(of: file))) { current, _ in current }
        return (Casebook(records: records), file)
    }

    /// What a write to case `ref` needs when it must see the case's conversations too (their
    /// numbers, their dates): the case is found first, then its conversations are named by
    /// its id, which the write reads again in its own transaction.
    func caseAndConversationsNeeds(ref: String, _ options: VaultOptions) throws -> RecordNeeds {
        let needs = CaseIndex.caseNeeds(ref: ref)
        guard let file = try? Casebook(records: try vault(options).records(needs)).caseFile(ref: ref) else { return needs }
        return RecordNeeds(terms: needs.terms + [CaseIndex.contactsTerm(file.id.description)])
    }

    /// The whole register for listing and reporting, read chunk by chunk.
    func casebook(_ options: VaultOptions) throws -> Casebook {
        let opened = try vault(options)
        return try Casebook(streaming: { consume in try opened.streamRecords { consume($0) } })
    }

    func passphraseSource(_ options: VaultOptions) -> PassphraseSource {
        PassphraseSource(file: options.passphraseFile, environmentName: "VP_PASSPHRASE", context: self)
    }
}
