import Foundation
import GRDB

/// How far a vault's contents are sealed, kept in the plain setting `sealed_format` (it is
/// read before anything opens): 1, records and batches padded; 2, membership entries and
/// sync and index positions sealed too; 3, the sync counters in `sync_cursor` and
/// `author_sequence` as well; 4, sealed settings, caseload names and waiting operations
/// padded. Set lower on a tampered file, the upgrade finds
/// blobs that do not open as the older format and the vault is damaged (76), never read
/// the old way.
enum SealedFormat {
    static let setting = "sealed_format"
    static let current: UInt64 = 4
    /// Plain integer settings that level 2 seals.
    static let sealedAtLevel2 = [SyncLedger.pushedThrough, RecordIndex.versionSetting, RecordIndex.positionSetting]
}

/// What an older vp wrote is brought up to this version's format once, at the first open
/// with the key, in one transaction.
extension Vault {
    func upgradeFormatOnce() throws {
        try StorageErrors.map {
            try database.write { db in
                let chain = LogChain(sealing: sealing)
                let commitment = RecordCommitment(sealing: sealing)
                let level = try Settings.integer(SealedFormat.setting, db) ?? 0
                guard level < SealedFormat.current else { return }
                // First: every other step reads sealed settings the way this version seals them.
                if level < 4 { try padSmallBlobs(db) }
                let padded = level >= 1
                // Before the log chain: batches sealed without their place, no head.
                if try chain.head(db) == nil {
                    try chain.relink(db, legacy: true)
                } else if !padded {
                    try padBatches(db)
                }
                // The clock of a vault from before it was sealed into the head moves there.
                if let head = try chain.head(db), try chain.clock(db) == nil { try chain.setHead(head, db) }
                // Before record versions: records sealed with their key only, no commitment.
                if try commitment.stored(db) == nil {
                    try resealRecords(db, from: { key, _ in .legacyRecord(key) }, version: chain.head(db)?.lastID ?? 0)
                    try commitment.store(try commitment.computed(db), db)
                } else if !padded {
                    try resealRecords(db, from: { key, version in .unpaddedRecord(key, version: version) }, version: nil)
                }
                if level < 2 {
                    try sealMembershipEntries(db)
                    try sealIntegerSettings(db)
                }
                if level < 3 { try sealSyncCounters(db) }
                try Settings.set(SealedFormat.setting, SealedFormat.current, db)
            }
        }
    }

    /// Membership entries were kept in plain.
    private func sealMembershipEntries(_ db: Database) throws {
        for row in try Row.fetchAll(db, sql: "SELECT caseload, sequence, entry FROM membership_entry") {
            let caseload = [UInt8](row[0] as Data)
            let sequence: Int64 = row[1]
            try db.execute(sql: "UPDATE membership_entry SET entry = ? WHERE caseload = ? AND sequence = ?",
                           arguments: [Data(try sealing.seal([UInt8](row[2] as Data), context: .membership(caseload, sequence: sequence))),
                                       Data(caseload), sequence])
        }
    }

    /// The sync counters were plain integers (a value already sealed stays as it is, and
    /// must open when read).
    private func sealSyncCounters(_ db: Database) throws {
        func plain(_ value: DatabaseValue) -> UInt64? {
            guard case .int64(let number) = value.storage, number >= 0 else { return nil }
            return UInt64(number)
        }
        let cursors = SyncCursorStore(db: db, sealing: sealing)
        for row in try Row.fetchAll(db, sql: "SELECT caseload, pulled_through, next_device_sequence FROM sync_cursor") {
            let caseload = [UInt8](row[0] as Data)
            if let pulled = plain(row[1]) {
                try db.execute(sql: "UPDATE sync_cursor SET pulled_through = ? WHERE caseload = ?",
                               arguments: [try cursors.pulled.sealed(pulled, key: caseload), Data(caseload)])
            }
            if let next = plain(row[2]) {
                try db.execute(sql: "UPDATE sync_cursor SET next_device_sequence = ? WHERE caseload = ?",
                               arguments: [try cursors.next.sealed(next, key: caseload), Data(caseload)])
            }
        }
        let authors = AuthorSequenceStore(db: db, sealing: sealing).counter
        for row in try Row.fetchAll(db, sql: "SELECT caseload, author, last FROM author_sequence") {
            let caseload = [UInt8](row[0] as Data), author = [UInt8](row[1] as Data)
            guard let last = plain(row[2]) else { continue }
            try db.execute(sql: "UPDATE author_sequence SET last = ? WHERE caseload = ? AND author = ?",
                           arguments: [try authors.sealed(last, key: caseload + author), Data(caseload), Data(author)])
        }
    }

    /// Positions and counts that were plain 8-byte integers.
    private func sealIntegerSettings(_ db: Database) throws {
        let names = try String.fetchAll(db, sql: "SELECT name FROM setting WHERE name LIKE ?", arguments: [SyncLedger.committedMembership + "%"])
        for name in SealedFormat.sealedAtLevel2 + names {
            guard let value = try Settings.integer(name, db) else { continue }
            try Settings.setSealed(name, value, sealing: sealing, db)
        }
    }

    /// Seals every record anew (padded, with `version`, or the one it has when nil).
    private func resealRecords(_ db: Database, from old: ([UInt8], Int64) -> Sealing.Context, version: Int64?) throws {
        for row in try Row.fetchAll(db, sql: "SELECT record_key, sealed, version FROM record") {
            let key = [UInt8](row[0] as Data)
            let stored: Int64 = row[2]
            guard let plaintext = try? sealing.open([UInt8](row[1] as Data), context: old(key, stored)) else {
                throw VaultError.damaged(what: "record store")
            }
            let kept = version ?? stored
            try db.execute(sql: "UPDATE record SET sealed = ?, version = ? WHERE record_key = ?",
                           arguments: [Data(try sealing.seal(plaintext, context: .record(key, version: kept))), kept, Data(key)])
        }
    }

    /// Seals every batch anew, padded; its plaintext, and so its link, stay the same.
    private func padBatches(_ db: Database) throws {
        try reseal("batch", "sealed", keys: ["id", "remote"], what: "operation log", db) { row in
            (.unpaddedBatch(id: row[0], remote: row[1]), .batch(id: row[0], remote: row[1]))
        }
    }

    /// Sealed settings (those that open the old way; plain ones stay plain), caseload names
    /// and waiting operations, sealed anew padded.
    private func padSmallBlobs(_ db: Database) throws {
        for row in try Row.fetchAll(db, sql: "SELECT name, value FROM setting") {
            let name: String = row[0]
            guard let plaintext = try? sealing.open([UInt8](row[1] as Data), context: .unpaddedSetting(name)) else { continue }
            try Settings.set(name, try sealing.seal(plaintext, context: .setting(name)), db)
        }
        try reseal("caseload", "sealed_name", keys: ["caseload"], what: "caseload", db) { row in
            (.unpaddedCaseloadName([UInt8](row[0] as Data)), .caseloadName([UInt8](row[0] as Data)))
        }
        try reseal("held_operation", "sealed", keys: ["caseload"], what: "held_operation", db) { row in
            (.unpaddedHeld([UInt8](row[0] as Data)), .held([UInt8](row[0] as Data)))
        }
        try reseal("deferred_operation", "sealed", keys: ["caseload"], what: "deferred_operation", db) { row in
            (.unpaddedDeferred([UInt8](row[0] as Data)), .deferred([UInt8](row[0] as Data)))
        }
    }

    /// Opens every row's `column` under the first context `contexts` gives for its `keys`
    /// and seals it under the second; a row that does not open is damage (`what`).
    private func reseal(_ table: String, _ column: String, keys: [String], what: String, _ db: Database,
                        contexts: (Row) -> (old: Sealing.Context, new: Sealing.Context)) throws {
        let selected = (keys + [column, "rowid"]).joined(separator: ", ")
        for row in try Row.fetchAll(db, sql: "SELECT \(selected) FROM \(table)") {
            let (old, new) = contexts(row)
            guard let plaintext = try? sealing.open([UInt8](row[keys.count] as Data), context: old) else {
                throw VaultError.damaged(what: what)
            }
            try db.execute(sql: "UPDATE \(table) SET \(column) = ? WHERE rowid = ?",
                           arguments: [Data(try sealing.seal(plaintext, context: new)), row[keys.count + 1] as Int64])
        }
    }
}
