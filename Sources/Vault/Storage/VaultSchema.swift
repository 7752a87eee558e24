import GRDB

/// The vault's tables. Content, identities and keys only as ciphertext; what stays plain is
/// listed in the README ("What the vault file shows without the passphrase").
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
        migrator.registerMigration("v2-sync") { db in
            // Batches received from other devices are never pushed again.
            try db.alter(table: "batch") { table in table.add(column: "remote", .integer).notNull().defaults(to: 0) }
            // Epoch keys of caseloads, each sealed under the vault key.
            try db.create(table: "caseload_key") { table in
                table.column("caseload", .blob).notNull()
                table.column("epoch", .integer).notNull()
                table.column("sealed", .blob).notNull()
                table.primaryKey(["caseload", "epoch"])
            }
            // The verified membership log (sealed and padded since `sealed_format` 2).
            try db.create(table: "membership_entry") { table in
                table.column("caseload", .blob).notNull()
                table.column("sequence", .integer).notNull()
                table.column("entry", .blob).notNull()
                table.primaryKey(["caseload", "sequence"])
            }
            try db.create(table: "sync_cursor") { table in
                table.primaryKey("caseload", .blob)
                table.column("pulled_through", .integer).notNull().defaults(to: 0)
                table.column("next_device_sequence", .integer).notNull().defaults(to: 1)
            }
            // Envelopes built but not yet acknowledged by the relay: sent again, byte for byte.
            try db.create(table: "outbox") { table in
                table.column("caseload", .blob).notNull()
                table.column("device_sequence", .integer).notNull()
                table.column("envelope", .blob).notNull()
                table.primaryKey(["caseload", "device_sequence"])
            }
            // The last device sequence applied per author, to see replays and gaps.
            try db.create(table: "author_sequence") { table in
                table.column("caseload", .blob).notNull()
                table.column("author", .blob).notNull()
                table.column("last", .integer).notNull()
                table.primaryKey(["caseload", "author"])
            }
        }
        migrator.registerMigration("v3-caseloads") { db in
            // The caseloads this vault takes part in; the name is sealed.
            try db.create(table: "caseload") { table in
                table.primaryKey("caseload", .blob)
                table.column("sealed_name", .blob).notNull()
            }
        }
        migrator.registerMigration("v4-record-index") { db in
            // Keyed tokens (BLAKE2b under a key derived from the vault key) → record; built
            // and kept by RecordIndex. Without the vault key a token says nothing.
            // One b-tree (no rowid, no secondary index): a write that changes a record's terms
            // knows the old ones, so it deletes by the full key.
            try db.create(table: "record_term", options: .withoutRowID) { table in
                table.column("token", .blob).notNull()
                table.column("record_key", .blob).notNull()
                table.primaryKey(["token", "record_key"])
            }
            // Highest value of each counter (e.g. case numbers per year), sealed.
            try db.create(table: "record_counter") { table in
                table.primaryKey("token", .blob)
                table.column("sealed", .blob).notNull()
            }
        }
        migrator.registerMigration("v5-held-operations") { db in
            // Operations from other devices dated ahead of this clock, sealed, until it catches up.
            try db.create(table: "held_operation") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("caseload", .blob).notNull()
                table.column("sealed", .blob).notNull()
            }
        }
        migrator.registerMigration("v6-author-gaps") { db in
            // Envelope numbers of an author not received yet, below the highest accepted.
            try db.create(table: "author_gap") { table in
                table.column("caseload", .blob).notNull()
                table.column("author", .blob).notNull()
                table.column("first", .integer).notNull()
                table.column("last", .integer).notNull()
                table.primaryKey(["caseload", "author", "first"])
            }
        }
        migrator.registerMigration("v7-membership-doubt") { db in
            // Envelopes written under a membership log longer than this device was shown:
            // judged again after each membership fetch.
            try db.create(table: "pending_envelope") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("caseload", .blob).notNull()
                table.column("envelope", .blob).notNull()
            }
            // Own operations for such a caseload, sealed, until its log is whole again.
            try db.create(table: "deferred_operation") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("caseload", .blob).notNull()
                table.column("sealed", .blob).notNull()
            }
        }
        migrator.registerMigration("v8-outbox-operations") { db in
            // How many operations each waiting envelope carries, so that a sync resuming an
            // outbox a killed one filled can say how many changes it sent (0 for older rows).
            try db.alter(table: "outbox") { table in table.add(column: "operations", .integer).notNull().defaults(to: 0) }
        }
        migrator.registerMigration("v9-log-chain") { db in
            // Each batch's link in the chain (LogChain); filled, and the batches sealed with
            // their place, at the first open with the key.
            try db.alter(table: "batch") { table in table.add(column: "link", .blob) }
        }
        migrator.registerMigration("v10-record-versions") { db in
            // The log id of each record's last change, bound into its sealing (RecordCommitment).
            try db.alter(table: "record") { table in table.add(column: "version", .integer).notNull().defaults(to: 0) }
            // Lets the check at every open read the versions without the sealed states.
            try db.execute(sql: "CREATE INDEX record_version ON record(record_key, version)")
        }
        migrator.registerMigration("v11-case-keys") { db in
            // Private halves of this device's published X25519 keys (one-time and last-resort),
            // sealed with their kind, sender, number and expiry; deleted once used or expired.
            try db.create(table: "box_key") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("caseload", .blob).notNull()
                table.column("sealed", .blob).notNull()
            }
            // Keys other devices published for this one to seal case keys to; deleted once used.
            try db.create(table: "peer_key") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("caseload", .blob).notNull()
                table.column("sealed", .blob).notNull()
            }
            // Case keys, by case id (the case's record id, already a plain key of `record`),
            // sealed with the caseloads they belong to and the devices known to hold them.
            try db.create(table: "case_key") { table in
                table.primaryKey("case_id", .blob)
                table.column("sealed", .blob).notNull()
            }
        }
        migrator.registerMigration("v12-case-content") { db in
            // Accepted case content envelopes (key scope 1) whose case key has not reached
            // this device yet, by case id; opened and applied when it does.
            try db.create(table: "keyless_envelope") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("caseload", .blob).notNull()
                table.column("case_id", .blob).notNull()
                table.column("envelope", .blob).notNull()
            }
            // Cases destroyed here whose key this device held or waited for: a late drop or
            // envelope never brings them back.
            try db.create(table: "destroyed_case") { table in
                table.primaryKey("case_id", .blob)
            }
        }
        migrator.registerMigration("v13-destroy-entries") { db in
            // Destroy entries this device is to append at its next sync: the tag key sealed.
            try db.create(table: "destroy_entry") { table in
                table.column("caseload", .blob).notNull()
                table.column("case_id", .blob).notNull()
                table.column("sealed", .blob).notNull()
                table.primaryKey(["caseload", "case_id"])
            }
        }
        return migrator
    }
}
