import Foundation
import GRDB
import Identifiers
import Replica
import Signatures

/// The vault's index: terms and counters of each record (from a `RecordIndexing`), stored
/// under keyed tokens so the file reveals nothing without the vault key. Kept in the same
/// transaction as the records it describes.
struct RecordIndex {
    static let versionSetting = "index_version"
    /// The last operation-log batch the index reflects: a program that writes records
    /// without keeping the index (an older vp) leaves it behind, and that is noticed.
    static let positionSetting = "index_position"

    let indexing: any RecordIndexing
    let tokenKey: [UInt8]
    let sealing: Sealing

    func token(_ term: String) -> [UInt8] { Digest.keyed(Array(term.utf8), key: tokenKey, length: 16) }

    /// Replaces the terms of the records in `states` and raises their counters. `before`
    /// holds each record's state before this write (absent for a new record), so terms that
    /// did not change are not written again. Terms are worked out in parallel and written in
    /// token order (a catch-up indexes thousands of records).
    func update(_ states: [RecordID: RecordState], before: [RecordID: RecordState], _ db: Database) throws {
        let changes = ParallelChunks.map(Array(states), minimumChunk: 256) { chunk in
            chunk.map { id, state in termChange(of: id, now: state, before: before[id]) }
        }.flatMap { $0 }
        let remove = try db.cachedStatement(sql: "DELETE FROM record_term WHERE token = ? AND record_key = ?")
        var added: [(token: [UInt8], key: [UInt8])] = []
        var highest: [String: Int] = [:]
        for change in changes {
            for (name, value) in change.counters where value > highest[name, default: .min] { highest[name] = value }
            for token in change.removed { try remove.execute(arguments: [Data(token), Data(change.key)]) }
            added += change.added.map { ($0, change.key) }
        }
        let rows = added.sorted { $0.token.lexicographicallyPrecedes($1.token) }
            .flatMap { [Data($0.token).databaseValue, Data($0.key).databaseValue] }
        try BulkInsert(head: "INSERT OR IGNORE INTO record_term(token, record_key) VALUES ", columns: 2).run(rows, db)
        for (name, value) in highest where value > (try counter(name, db)) { try setCounter(name, value, db) }
        try Settings.setSealed(Self.positionSetting, try Self.logPosition(db), sealing: sealing, db)
    }

    /// Deletes the terms of erased records (their counters stay: numbers are never given
    /// out again).
    func remove(_ states: [RecordID: RecordState], _ db: Database) throws {
        let remove = try db.cachedStatement(sql: "DELETE FROM record_term WHERE token = ? AND record_key = ?")
        for (id, state) in states {
            for term in Set(indexing.entries(of: state, id: id).terms) { try remove.execute(arguments: [Data(token(term)), Data(id.bytes)]) }
        }
    }

    /// The tokens a record gains and loses, and the counters it raises.
    private struct TermChange: Sendable {
        let key: [UInt8]
        let counters: [String: Int]
        let added: [[UInt8]]
        let removed: [[UInt8]]
    }

    private func termChange(of id: RecordID, now state: RecordState, before previous: RecordState?) -> TermChange {
        let entries = indexing.entries(of: state, id: id)
        let terms = Set(entries.terms)
        // A new record (all of them in a catch-up) only adds.
        let old = previous.map { Set(indexing.entries(of: $0, id: id).terms) } ?? []
        return TermChange(key: id.bytes, counters: entries.counters, added: terms.subtracting(old).map(token),
                          removed: old.subtracting(terms).map(token))
    }

    static func logPosition(_ db: Database) throws -> UInt64 {
        UInt64(try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM batch") ?? 0)
    }

    /// Builds the index anew from every record (a new vault, or a new index version).
    func rebuild(from records: [RecordID: RecordState], _ db: Database) throws {
        try db.execute(sql: "DELETE FROM record_term")
        try db.execute(sql: "DELETE FROM record_counter")
        try update(records, before: [:], db)
        try Settings.setSealed(Self.versionSetting, UInt64(indexing.version), sealing: sealing, db)
        try Settings.setSealed(Self.positionSetting, try Self.logPosition(db), sealing: sealing, db)
    }

    /// Built with this indexing and in step with the operation log. The index is derived
    /// from the records, so settings that do not open (another program's, older ones) only
    /// mean it is built anew.
    func isCurrent(_ db: Database) throws -> Bool {
        let version = try? Settings.sealedInteger(Self.versionSetting, sealing: sealing, db)
        let position = try? Settings.sealedInteger(Self.positionSetting, sealing: sealing, db)
        return try version == UInt64(indexing.version) && position == Self.logPosition(db)
    }

    /// The records having any of `terms`.
    func records(withAnyOf terms: [String], _ db: Database) throws -> Set<RecordID> {
        let select = try db.cachedStatement(sql: "SELECT record_key FROM record_term WHERE token = ?")
        var found: Set<RecordID> = []
        for term in terms {
            for key in try Data.fetchAll(select, arguments: [Data(token(term))]) {
                var reader = ByteReader([UInt8](key))
                found.insert(try reader.readRecordID())
            }
        }
        return found
    }

    /// The highest value counter `name` has had; 0 before any.
    func counter(_ name: String, _ db: Database) throws -> Int {
        let key = token(name)
        guard let sealed = try Data.fetchOne(db, sql: "SELECT sealed FROM record_counter WHERE token = ?", arguments: [Data(key)]) else {
            return 0
        }
        guard let bytes = try? sealing.open([UInt8](sealed), context: .counter(key)), bytes.count == 8 else {
            throw VaultError.damaged(what: "record index")
        }
        return Int(BigEndian.uint64(bytes))
    }

    private func setCounter(_ name: String, _ value: Int, _ db: Database) throws {
        let key = token(name)
        let bytes = BigEndian.bytes(of: UInt64(value))
        try db.execute(sql: "INSERT INTO record_counter(token, sealed) VALUES (?, ?) ON CONFLICT(token) DO UPDATE SET sealed = excluded.sealed",
                       arguments: [Data(key), Data(try sealing.seal(bytes, context: .counter(key)))])
    }
}
