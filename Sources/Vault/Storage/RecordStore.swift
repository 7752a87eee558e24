import Foundation
import GRDB
import Identifiers
import Replica

/// Reads and writes sealed materialised records in the `record` table.
struct RecordStore {
    let sealing: Sealing

    func loadAll(_ db: Database) throws -> [RecordID: RecordState] {
        var records: [RecordID: RecordState] = [:]
        try forEachChunk(of: .max, db) { records = $0 }  // one chunk: the whole register
        return records
    }

    /// Opens every record, `size` at a time (decrypted in parallel), handing each chunk to
    /// `body` before reading the next, so no more than one chunk is held as raw state.
    func forEachChunk(of size: Int, _ db: Database, _ body: ([RecordID: RecordState]) throws -> Void) throws {
        let rows = try Row.fetchCursor(db, sql: "SELECT record_key, sealed, version FROM record")
        var sealed: [(key: [UInt8], sealed: [UInt8], version: Int64)] = []
        func flush() throws {
            guard !sealed.isEmpty else { return }
            let sealing = sealing
            let rows = sealed
            sealed.removeAll(keepingCapacity: true)
            let chunks = try ParallelChunks.map(rows) { chunk in
                try chunk.map { row -> (RecordID, RecordState) in
                    var reader = ByteReader(row.key)
                    return (try reader.readRecordID(), try RecordStore(sealing: sealing).decode(row.sealed, key: row.key, version: row.version))
                }
            }
            var records: [RecordID: RecordState] = [:]
            records.reserveCapacity(rows.count)
            for chunk in chunks {
                for (id, state) in chunk { records[id] = state }
            }
            try body(records)
        }
        while let row = try rows.next() {
            sealed.append((key: [UInt8](row[0] as Data), sealed: [UInt8](row[1] as Data), version: row[2]))
            if sealed.count >= size { try flush() }
        }
        try flush()
    }

    func load(_ id: RecordID, _ db: Database) throws -> RecordState? {
        let key = id.bytes
        let statement = try db.cachedStatement(sql: "SELECT sealed, version FROM record WHERE record_key = ?")
        guard let row = try Row.fetchOne(statement, arguments: [Data(key)]) else { return nil }
        return try decode([UInt8](row[0] as Data), key: key, version: row[1])
    }

    /// The stored states of `ids` (absent ones left out): read in turn, opened in parallel,
    /// since a sync touches thousands of records at once.
    func load(_ ids: some Collection<RecordID>, _ db: Database) throws -> [RecordID: RecordState] {
        var found: [(id: RecordID, sealed: [UInt8], version: Int64)] = []
        let keys = ids.map { Data($0.bytes).databaseValue }
        // Many keys per statement: a statement per record costs more than the lookup.
        for start in stride(from: 0, to: keys.count, by: BulkInsert.rowsPerStatement) {
            let some = keys[start..<min(start + BulkInsert.rowsPerStatement, keys.count)]
            let sql = "SELECT record_key, sealed, version FROM record WHERE record_key IN (" + Array(repeating: "?", count: some.count).joined(separator: ", ") + ")"
            let rows = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: StatementArguments(some))
            while let row = try rows.next() {
                var reader = ByteReader([UInt8](row[0] as Data))
                found.append((try reader.readRecordID(), [UInt8](row[1] as Data), row[2]))
            }
        }
        let sealing = sealing
        let chunks = try ParallelChunks.map(found, minimumChunk: 256) { chunk in
            try chunk.map { ($0.id, try RecordStore(sealing: sealing).decode($0.sealed, key: $0.id.bytes, version: $0.version)) }
        }
        var states: [RecordID: RecordState] = [:]
        states.reserveCapacity(found.count)
        for chunk in chunks {
            for (id, state) in chunk { states[id] = state }
        }
        return states
    }

    /// Saves `states` as changed by the log batch `version`.
    func save(_ states: [RecordID: RecordState], version: Int64, _ db: Database) throws {
        try insert(seal(states, version: version), db)
    }

    /// Seals states for `insert`, in parallel; needs no database, so it can run beside work
    /// that does.
    func seal(_ states: [RecordID: RecordState], version: Int64) throws -> [SealedRecord] {
        let sealing = sealing
        return try ParallelChunks.map(Array(states), minimumChunk: 256) { chunk in
            try chunk.map { id, state in
                let key = id.bytes
                return SealedRecord(key: key, sealed: try sealing.seal(state.encoded(), context: .record(key, version: version)), version: version)
            }
        }.flatMap { $0 }
    }

    /// Writes sealed records, replacing what was stored under their keys, and moves the
    /// commitment along; in key order, so that thousands of them fill the key index page by
    /// page instead of all over it.
    func insert(_ records: [SealedRecord], _ db: Database) throws {
        let sorted = records.sorted { $0.key.lexicographicallyPrecedes($1.key) }
        let replaced = try versions(of: sorted.map(\.key), db)
        let values = sorted.flatMap { [Data($0.key).databaseValue, Data($0.sealed).databaseValue, $0.version.databaseValue] }
        try BulkInsert(head: "INSERT INTO record(record_key, sealed, version) VALUES ",
                       tail: " ON CONFLICT(record_key) DO UPDATE SET sealed = excluded.sealed, version = excluded.version", columns: 3).run(values, db)
        try RecordCommitment(sealing: sealing).update(removing: replaced, adding: sorted.map { ($0.key, $0.version) }, db)
    }

    /// Deletes the records `ids` (with `secure_delete` on, their cells are zeroed).
    func delete(_ ids: Set<RecordID>, _ db: Database) throws {
        let removed = try versions(of: ids.map(\.bytes), db)
        let statement = try db.cachedStatement(sql: "DELETE FROM record WHERE record_key = ?")
        for id in ids { try statement.execute(arguments: [Data(id.bytes)]) }
        try RecordCommitment(sealing: sealing).update(removing: removed, adding: [], db)
    }

    /// The stored versions of the records among `keys`.
    private func versions(of keys: [[UInt8]], _ db: Database) throws -> [([UInt8], Int64)] {
        var found: [([UInt8], Int64)] = []
        for start in stride(from: 0, to: keys.count, by: BulkInsert.rowsPerStatement) {
            let some = keys[start..<min(start + BulkInsert.rowsPerStatement, keys.count)].map { Data($0).databaseValue }
            let sql = "SELECT record_key, version FROM record WHERE record_key IN (" + Array(repeating: "?", count: some.count).joined(separator: ", ") + ")"
            let rows = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: StatementArguments(some))
            while let row = try rows.next() { found.append(([UInt8](row[0] as Data), row[1])) }
        }
        return found
    }

    struct SealedRecord: Sendable {
        let key: [UInt8]
        let sealed: [UInt8]
        let version: Int64
    }

    func decode(_ sealed: [UInt8], key: [UInt8], version: Int64) throws -> RecordState {
        do {
            return try RecordState(encoded: sealing.open(sealed, context: .record(key, version: version)))
        } catch {
            throw VaultError.damaged(what: "record store")
        }
    }
}

