import Cryptography
import Foundation
import GRDB
import Identifiers
import Replica
import Testing
@testable import Vault

@Suite struct VaultTests {
    let passphrase = Array("lange zin voor de kluis".utf8)

    func makeVault(_ folder: TemporaryFolder) throws -> Vault {
        try Vault.create(in: folder.url.appendingPathComponent("home"), passphrase: passphrase, kdf: .interactive)
    }

    @Test func writesPersistAndEqualTheFoldOfTheLog() throws {
        let folder = TemporaryFolder()
        let vault = try makeVault(folder)
        let id = try vault.write { session in
            let id = session.newRecordID()
            session.assign(.string("case"), to: "kind", of: id)
            session.insert("bullying", into: "categories", of: id)
            session.write("eerste versie", to: "summary", of: id)
            return id
        }
        try vault.write { session in session.write("tweede versie", to: "summary", of: id) }
        let locked = try LockedVault(at: vault.folder)
        let header = locked.header
        let reopened = try locked.open(key: header.unlock(passphrase: passphrase))
        let records = try reopened.records()
        #expect(records[id]?.text("summary")?.latest == "tweede versie")
        #expect(records[id]?.elements("categories") == ["bullying"])
        #expect(try reopened.materialiseFromLog() == records)
        #expect(try reopened.operations().count == 4)
    }

    @Test func aFailedWriteLeavesNothingBehind() throws {
        struct Refused: Error {}
        let folder = TemporaryFolder()
        let vault = try makeVault(folder)
        #expect(throws: Refused.self) {
            try vault.write { session in
                session.assign(.string("x"), to: "kind", of: session.newRecordID())
                throw Refused()
            }
        }
        #expect(try vault.records().isEmpty)
        #expect(try vault.operations().isEmpty)
    }

    @Test func wrongPassphraseIsAClearErrorAndPasswdKeepsContent() throws {
        let folder = TemporaryFolder()
        let vault = try makeVault(folder)
        try vault.write { $0.assign(.string("case"), to: "kind", of: $0.newRecordID()) }
        #expect(throws: VaultError.wrongPassphrase) { try vault.header.unlock(passphrase: Array("fout".utf8)) }
        try vault.changePassphrase(to: Array("nieuwe zin".utf8))
        let locked = try LockedVault(at: vault.folder)
        let header = locked.header
        #expect(throws: VaultError.wrongPassphrase) { try header.unlock(passphrase: passphrase) }
        let key = try header.unlock(passphrase: Array("nieuwe zin".utf8))
        #expect(try locked.open(key: key).records().count == 1)
    }

    @Test func aFileThatIsNotAVaultIsRefused() throws {
        let folder = TemporaryFolder()
        try Data("hello, not sqlite at all, just some text that is long enough".utf8)
            .write(to: folder.url.appendingPathComponent(Vault.fileName))
        #expect(throws: VaultError.notAVault(path: Vault.databasePath(in: folder.url))) {
            try LockedVault(at: folder.url)
        }
        #expect(throws: VaultError.noVault(path: Vault.databasePath(in: folder.url.appendingPathComponent("x")))) {
            try LockedVault(at: folder.url.appendingPathComponent("x"))
        }
    }

    /// Issue 13, item 5: a vault file whose passphrase cost was altered crashed vp (memory
    /// cost of all ones: a trap and a register dump) or hung it (a huge time cost).
    @Test(arguments: [("kdf_mem", UInt64.max), ("kdf_mem", 1 << 40), ("kdf_mem", 1), ("kdf_ops", 1 << 40), ("kdf_ops", 0)])
    func anAlteredPassphraseCostIsRefusedBeforeAnyWork(setting: String, value: UInt64) throws {
        let folder = TemporaryFolder()
        let vault = try makeVault(folder)
        let path = Vault.databasePath(in: vault.folder)
        try DatabaseQueue(path: path).write { try Settings.set(setting, value, $0) }
        #expect(throws: VaultError.damaged(what: "header (passphrase cost out of range)")) { try LockedVault(at: vault.folder) }
        #expect(throws: CryptoError.keyDerivationFailed) {
            try PassphraseKDF(opsLimit: setting == "kdf_ops" ? value : 2, memLimit: setting == "kdf_mem" ? value : 64 << 20)
                .deriveKey(passphrase: passphrase, salt: Array(repeating: 1, count: PassphraseKDF.saltLength))
        }
    }

    @Test func noPlaintextReachesAnyFile() throws {
        let folder = TemporaryFolder()
        let vault = try makeVault(folder)
        let marker = "MARKER-\(UUID().uuidString)"
        try vault.write { session in
            let id = session.newRecordID()
            session.assign(.string("Org \(marker)"), to: "name", of: id)
            session.insert("cat-\(marker)", into: "categories", of: id)
            session.write("Verhaal \(marker)", to: "summary", of: id)
        }
        for (path, contents) in try folder.allFileContents() {
            #expect(contents.range(of: Data(marker.utf8)) == nil, "marker found in \(path)")
        }
    }

    /// Issue 13, item 4: what the keyring holds during an unlock session is not the vault key,
    /// and once the session ends (lock, or its time) it opens nothing of the vault.
    @Test func anUnlockSessionHoldsASecretThatOpensNothingOnceTheSessionEnds() throws {
        let folder = TemporaryFolder()
        let vault = try makeVault(folder)
        let keyring = SessionKeyring()
        try vault.startSession(in: keyring, seconds: 60)
        let locked = try LockedVault(at: vault.folder)
        // Another process of the user, during the session: the keyring gives it the secret.
        let stolen = try #require(keyring.load(vaultID: vault.header.vaultID))
        #expect(stolen != vault.key.exportBytes())
        #expect(!keyring.description(for: vault.header.vaultID).contains(Hex.encode(vault.header.vaultID)))
        #expect(try locked.sessionKey(from: keyring, now: Vault.systemClock())?.exportBytes() == vault.key.exportBytes())
        #expect(throws: VaultError.wrongPassphrase) { _ = try locked.open(key: SymmetricKey(bytes: stolen)) }

        #expect(try vault.endSession(in: keyring))
        #expect(keyring.load(vaultID: vault.header.vaultID) == nil)
        let sealed = try DatabaseQueue(path: Vault.databasePath(in: vault.folder)).read {
            try Data.fetchOne($0, sql: "SELECT value FROM setting WHERE name = 'unlock_session'")
        }
        #expect(sealed == nil)
        // A session whose time is up ends at the next read: its sealed key goes.
        try vault.startSession(in: keyring, seconds: 60)
        #expect(try locked.sessionKey(from: keyring, now: Vault.systemClock() + 61_000) == nil)
        #expect(keyring.load(vaultID: vault.header.vaultID) == nil)
        #expect(try locked.sessionKey(from: keyring, now: Vault.systemClock()) == nil)
    }
}

/// Reading a vault's header and refusing a wrong passphrase leave the file as it was; only
/// an unlock with the right key brings an older vault's schema up to date.
@Suite struct LockedVaultTests {
    let passphrase = Array("lange zin voor de kluis".utf8)

    func hasIndexTables(_ folder: URL) throws -> Bool {
        try DatabaseQueue(path: Vault.databasePath(in: folder)).read { try $0.tableExists("record_term") }
    }

    @Test func readingTheHeaderAndAWrongPassphraseNeverMigrate() throws {
        let folder = TemporaryFolder()
        let home = folder.url.appendingPathComponent("home")
        _ = try Vault.create(in: home, passphrase: passphrase, kdf: .interactive)
        // Make it a vault of the first wave: without the index migration.
        try DatabaseQueue(path: Vault.databasePath(in: home)).write { db in
            try db.execute(sql: "DROP TABLE record_term; DROP TABLE record_counter")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v4-record-index'")
        }
        let locked = try LockedVault(at: home)
        #expect(try !hasIndexTables(home))
        #expect(throws: VaultError.wrongPassphrase) { try locked.unlock(passphrase: Array("verkeerde zin".utf8)) }
        #expect(try !hasIndexTables(home))
        _ = try locked.unlock(passphrase: passphrase)
        #expect(try hasIndexTables(home))
    }
}
