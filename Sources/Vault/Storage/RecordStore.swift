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

    func save(_ state: RecordState, for id: RecordID, _ db: Database) throws {
        let key = id.bytes
        let sealed = try sealing.seal(state.encoded(), context: .record(key))
        let statement = try db.cachedStatement(sql: """
            INSERT INTO record(record_key, sealed) VALUES (?, ?)
            ON CONFLICT(record_key) DO UPDATE SET sealed = excluded.sealed
            """)
        try statement.execute(arguments: [Data(key), Data(sealed)])
    }

    func decode(_ sealed: [UInt8], key: [UInt8]) throws -> RecordState {
        do {
            return try RecordState(encoded: sealing.open(sealed, context: .record(key)))
        } catch {
            throw VaultError.damaged(what: "record store")
        }
    }
}

