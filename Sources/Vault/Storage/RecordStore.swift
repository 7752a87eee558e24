import Foundation
import GRDB
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
        let rows = try Row.fetchCursor(db, sql: "SELECT record_key, sealed FROM record")
        var sealed: [(key: [UInt8], sealed: [UInt8])] = []
        func flush() throws {
            guard !sealed.isEmpty else { return }
            let sealing = sealing
            let rows = sealed
            sealed.removeAll(keepingCapacity: true)
            let chunks = try ParallelChunks.map(rows) { chunk in
                try chunk.map { row -> (RecordID, RecordState) in
                    var reader = ByteReader(row.key)
                    return (try reader.readRecordID(), try RecordStore(sealing: sealing).decode(row.sealed, key: row.key))
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
            sealed.append((key: [UInt8](row[0] as Data), sealed: [UInt8](row[1] as Data)))
            if sealed.count >= size { try flush() }
        }
        try flush()
    }

    func load(_ id: RecordID, _ db: Database) throws -> RecordState? {
        let key = id.bytes
        let statement = try db.cachedStatement(sql: "SELECT sealed FROM record WHERE record_key = ?")
        guard let sealed = try Data.fetchOne(statement, arguments: [Data(key)]) else { return nil }
        return try decode([UInt8](sealed), key: key)
    }

    /// The stored states of `ids` (absent ones left out): read in turn, opened in parallel,
    /// since a sync touches thousands of records at once.
    func load(_ ids: some Collection<RecordID>, _ db: Database) throws -> [RecordID: RecordState] {
        var found: [(id: RecordID, sealed: [UInt8])] = []
        let keys = ids.map { Data($0.bytes).databaseValue }
        // Many keys per statement: a statement per record costs more than the lookup.
        for start in stride(from: 0, to: keys.count, by: BulkInsert.rowsPerStatement) {
            let some = keys[start..<min(start + BulkInsert.rowsPerStatement, keys.count)]
            let sql = "SELECT record_key, sealed FROM record WHERE record_key IN (" + Array(repeating: "?", count: some.count).joined(separator: ", ") + ")"
            let rows = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: StatementArguments(some))
            while let row = try rows.next() {
                var reader = ByteReader([UInt8](row[0] as Data))
                found.append((try reader.readRecordID(), [UInt8](row[1] as Data)))
            }
        }
        let sealing = sealing
        let chunks = try ParallelChunks.map(found, minimumChunk: 256) { chunk in
            try chunk.map { ($0.id, try RecordStore(sealing: sealing).decode($0.sealed, key: $0.id.bytes)) }
        }
        var states: [RecordID: RecordState] = [:]
        states.reserveCapacity(found.count)
        for chunk in chunks {
            for (id, state) in chunk { states[id] = state }
        }
        return states
    }

    func save(_ states: [RecordID: RecordState], _ db: Database) throws {
        try insert(seal(states), db)
    }

    /// Seals states for `insert`, in parallel; needs no database, so it can run beside work
    /// that does.
    func seal(_ states: [RecordID: RecordState]) throws -> [SealedRecord] {
        let sealing = sealing
        return try ParallelChunks.map(Array(states), minimumChunk: 256) { chunk in
            try chunk.map { id, state in
                let key = id.bytes
                return SealedRecord(key: key, sealed: try sealing.seal(state.encoded(), context: .record(key)))
            }
        }.flatMap { $0 }
    }

    /// Writes sealed records, replacing what was stored under their keys; in key order, so
    /// that thousands of them fill the key index page by page instead of all over it.
    func insert(_ records: [SealedRecord], _ db: Database) throws {
        let values = records.sorted { $0.key.lexicographicallyPrecedes($1.key) }
            .flatMap { [Data($0.key).databaseValue, Data($0.sealed).databaseValue] }
        try BulkInsert(head: "INSERT INTO record(record_key, sealed) VALUES ",
                       tail: " ON CONFLICT(record_key) DO UPDATE SET sealed = excluded.sealed", columns: 2).run(values, db)
    }

    /// Deletes the records `ids` (with `secure_delete` on, their cells are zeroed).
    func delete(_ ids: Set<RecordID>, _ db: Database) throws {
        let statement = try db.cachedStatement(sql: "DELETE FROM record WHERE record_key = ?")
        for id in ids { try statement.execute(arguments: [Data(id.bytes)]) }
    }

    struct SealedRecord: Sendable {
        let key: [UInt8]
        let sealed: [UInt8]
    }

    func decode(_ sealed: [UInt8], key: [UInt8]) throws -> RecordState {
        do {
            return try RecordState(encoded: sealing.open(sealed, context: .record(key)))
        } catch {
            throw VaultError.damaged(what: "record store")
        }
    }
}

