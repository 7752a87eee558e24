import GRDB

/// The vault's tables. Only opaque ids, ordering keys and ciphertext are stored.
enum VaultSchema {
    /// Written to `setting.format`; a file without it is not a vault.
    static let magic = "vertrouwd-vault"
    static let formatVersion: Int64 = 1

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            // Small plaintext facts about the vault: ids, KDF parameters, the wrapped key.
            try db.create(table: "setting") { table in
                table.primaryKey("name", .text)
                table.column("value", .blob).notNull()
            }
            // The operation log: each row one sealed batch of operations.
            try db.create(table: "batch") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("sealed", .blob).notNull()
            }
            // Materialised records: sealed state, found by the record's random id.
            try db.create(table: "record") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("record_key", .blob).notNull().unique()
                table.column("sealed", .blob).notNull()
            }
        }
        return migrator
    }
}
