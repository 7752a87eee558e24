import Cryptography
import Foundation
import GRDB
import Signatures

/// `vp passwd --rekey`: everything the vault key sealed is sealed anew under a fresh key,
/// which the new passphrase wraps. A copy of the file from before, with the old passphrase,
/// then opens nothing written afterwards (a plain passphrase change keeps the key).
extension Vault {
    /// A column the vault key sealed, and how to tell the context each row was sealed with
    /// from the row's `keys` columns.
    private struct SealedColumn: Sendable {
        let table: String
        let column: String
        let keys: [String]
        let context: @Sendable (Row) -> Sealing.Context
    }

    private static let sealedColumns = [
        SealedColumn(table: "record", column: "sealed", keys: ["record_key", "version"], context: { .record([UInt8]($0[0] as Data), version: $0[1]) }),
        SealedColumn(table: "caseload_key", column: "sealed", keys: ["caseload", "epoch"],
                     context: { .caseloadKey([UInt8]($0[0] as Data), UInt32($0[1] as Int64)) }),
        SealedColumn(table: "caseload", column: "sealed_name", keys: ["caseload"], context: { .caseloadName([UInt8]($0[0] as Data)) }),
        SealedColumn(table: "membership_entry", column: "entry", keys: ["caseload", "sequence"],
                     context: { .membership([UInt8]($0[0] as Data), sequence: $0[1]) }),
        SealedColumn(table: "sync_cursor", column: "pulled_through", keys: ["caseload"],
                     context: { .syncCounter("sync_cursor.pulled_through", key: [UInt8]($0[0] as Data)) }),
        SealedColumn(table: "sync_cursor", column: "next_device_sequence", keys: ["caseload"],
                     context: { .syncCounter("sync_cursor.next_device_sequence", key: [UInt8]($0[0] as Data)) }),
        SealedColumn(table: "author_sequence", column: "last", keys: ["caseload", "author"],
                     context: { .syncCounter("author_sequence.last", key: [UInt8]($0[0] as Data) + [UInt8]($0[1] as Data)) }),
        SealedColumn(table: "held_operation", column: "sealed", keys: ["caseload"], context: { .held([UInt8]($0[0] as Data)) }),
        SealedColumn(table: "deferred_operation", column: "sealed", keys: ["caseload"], context: { .deferred([UInt8]($0[0] as Data)) }),
        SealedColumn(table: "box_key", column: "sealed", keys: ["caseload"], context: { .boxKey([UInt8]($0[0] as Data)) }),
        SealedColumn(table: "peer_key", column: "sealed", keys: ["caseload"], context: { .peerKey([UInt8]($0[0] as Data)) }),
        SealedColumn(table: "case_key", column: "sealed", keys: ["case_id"], context: { .caseKey([UInt8]($0[0] as Data)) }),
        SealedColumn(table: "destroy_entry", column: "sealed", keys: ["caseload", "case_id"],
                     context: { .destroyEntry([UInt8]($0[0] as Data) + [UInt8]($0[1] as Data)) }),
    ]

    /// Seals the whole vault anew under a fresh key wrapped with `passphrase`, in one
    /// transaction. The index is dropped and rebuilt under the new key's tokens at the next
    /// open. This `Vault` holds the old key: open the vault again before using it.
    public func rekey(to passphrase: [UInt8], kdf cost: PassphraseCost? = nil) throws {
        let newKey = SymmetricKey.random()
        let fresh = Sealing(key: newKey)
        let updated = try header(wrapping: newKey, with: passphrase, cost: cost)
        try StorageErrors.map {
            try database.write { db in
                try ensureCurrentKey(db)
                for column in Self.sealedColumns { try reseal(column, db, to: fresh) }
                // The log's links are keyed by the vault key too: sealed and linked anew.
                try LogChain(sealing: fresh).relink(db, from: sealing)
                let commitment = RecordCommitment(sealing: fresh)
                try commitment.store(try commitment.computed(db), db)
                try resealSettings(db, to: fresh)
                // Index tokens and counters are keyed by the vault key: built anew at the next open.
                try db.execute(sql: "DELETE FROM record_term")
                try db.execute(sql: "DELETE FROM record_counter")
                try db.execute(sql: "DELETE FROM setting WHERE name IN (?, ?)", arguments: [RecordIndex.versionSetting, RecordIndex.positionSetting])
                try updated.save(db)
            }
        }
        // Old ciphertext must not wait in the WAL for the next checkpoint.
        _ = try? database.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
    }

    /// Refuses to write with a key that is no longer the vault's (another process ran
    /// `vp passwd --rekey` since this one opened it): what it sealed would never open again.
    func ensureCurrentKey(_ db: Database) throws {
        guard let check = try Settings.bytes("key_check", db) else { return }
        guard (try? sealing.open(check, context: .keyCheck)) != nil else { throw VaultError.keyChanged }
    }

    private func reseal(_ table: SealedColumn, _ db: Database, to fresh: Sealing) throws {
        let columns = (table.keys + [table.column, "rowid"]).joined(separator: ", ")
        var after: Int64 = .min
        // A thousand rows at a time: a large vault's log need not be in memory at once.
        while true {
            let rows = try Row.fetchAll(db, sql: "SELECT \(columns) FROM \(table.table) WHERE rowid > ? ORDER BY rowid LIMIT 1000", arguments: [after])
            guard let last = rows.last else { return }
            for row in rows {
                let context = table.context(row)
                let plaintext: [UInt8]
                do { plaintext = try sealing.open([UInt8](row[table.keys.count] as Data), context: context) } catch {
                    throw VaultError.damaged(what: table.table)
                }
                try db.execute(sql: "UPDATE \(table.table) SET \(table.column) = ? WHERE rowid = ?",
                               arguments: [Data(try fresh.seal(plaintext, context: context)), row[table.keys.count + 1] as Int64])
            }
            after = last[table.keys.count + 1]
        }
    }

    /// The key check and every sealed setting (those that open under their name's context).
    private func resealSettings(_ db: Database, to fresh: Sealing) throws {
        for row in try Row.fetchAll(db, sql: "SELECT name, value FROM setting") {
            let name: String = row[0]
            let context: Sealing.Context = name == "key_check" ? .keyCheck : .setting(name)
            guard let plaintext = try? sealing.open([UInt8](row[1] as Data), context: context) else { continue }
            try Settings.set(name, try fresh.seal(plaintext, context: context), db)
        }
    }
}
