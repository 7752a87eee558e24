import Cryptography
import Foundation
import GRDB
import Replica

/// A vault on disk before its key is known: the header (KDF parameters, wrapped key) read
/// without migrating or writing anything. Unlocking gives an open `Vault`; only then, with
/// the key checked, is the file migrated to this version's schema.
public struct LockedVault: Sendable {
    public let folder: URL
    public let header: VaultHeader
    let database: DatabaseQueue

    /// Reads the header of the vault in `folder`.
    public init(at folder: URL) throws {
        let path = Vault.databasePath(in: folder)
        guard FileManager.default.fileExists(atPath: path) else { throw VaultError.noVault(path: path) }
        do {
            database = try ReadOnlyVault.isReadOnly(folder: folder)
                ? ReadOnlyVault.open(path: path, folder: folder)
                : DatabaseQueue(path: path, configuration: Vault.configuration)
            let header = try database.read { db -> VaultHeader? in
                guard try db.tableExists("setting"),
                    try Settings.bytes("format", db) == Array(VaultSchema.magic.utf8)
                else { return nil }
                guard (try Settings.integer("format_version", db) ?? 0) <= UInt64(VaultSchema.formatVersion) else {
                    throw VaultError.newerFormat(path: path)
                }
                return try VaultHeader.load(db)
            }
            guard let header else { throw VaultError.notAVault(path: path) }
            self.header = header
            self.folder = folder
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw VaultError.notAVault(path: path)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CORRUPT {
            throw VaultError.damaged(what: "database file")  // cut short or overwritten: not a disk to free
        } catch let error as DatabaseError {
            throw VaultError.storage(error.message ?? "\(error.resultCode)")
        }
    }

    /// Unlocks with the passphrase (Argon2id, then the wrapped key).
    public func unlock(
        passphrase: [UInt8], indexing: (any RecordIndexing)? = nil, wallClock: @escaping @Sendable () -> UInt64 = Vault.systemClock
    ) throws -> Vault {
        try open(key: header.unlock(passphrase: passphrase), indexing: indexing, wallClock: wallClock)
    }

    /// Opens with a key already unlocked (an unlock session). A wrong key is refused before
    /// anything is written; then the schema is brought up to date and the index caught up.
    public func open(
        key: SymmetricKey, indexing: (any RecordIndexing)? = nil, wallClock: @escaping @Sendable () -> UInt64 = Vault.systemClock
    ) throws -> Vault {
        let vault = Vault(folder: folder, database: database, header: header, key: key, indexing: indexing, wallClock: wallClock)
        try vault.verifyKey()
        if database.configuration.readonly {
            // Nothing can be migrated on a read-only disk: only a vault this version wrote opens.
            guard try StorageErrors.map({ try database.read { db in
                try VaultSchema.migrator.hasCompletedMigrations(db) && Settings.integer(SealedFormat.setting, db) == SealedFormat.current
            } }) else {
                throw VaultError.readOnly(reason: "an older vp wrote it, and this one must upgrade it once before it can be read")
            }
        } else {
            try StorageErrors.map { try VaultSchema.migrator.migrate(database) }
            try vault.upgradeFormatOnce()
        }
        try vault.checkIntegrity()
        try vault.refreshIndex()
        return vault
    }
}
