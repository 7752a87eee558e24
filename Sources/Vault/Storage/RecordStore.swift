import Foundation
import GRDB
import Replica

/// Reads and writes sealed materialised records in the `record` table.
struct RecordStore {
    let sealing: Sealing

    func loadAll(_ db: Database) throws -> [RecordID: RecordState] {
        var rowsRead: [(key: [UInt8], sealed: [UInt8])] = []
        let rows = try Row.fetchCursor(db, sql: "SELECT record_key, sealed FROM record")
        while let row = try rows.next() {
            rowsRead.append((key: [UInt8](row[0] as Data), sealed: [UInt8](row[1] as Data)))
        }
        let sealed = rowsRead
        let sealing = sealing
        let chunks = try ParallelChunks.map(sealed) { chunk in
            try chunk.map { row -> (RecordID, RecordState) in
                var reader = ByteReader(row.key)
                return (try reader.readRecordID(), try RecordStore(sealing: sealing).decode(row.sealed, key: row.key))
            }
        }
        var records: [RecordID: RecordState] = [:]
        records.reserveCapacity(sealed.count)
        for chunk in chunks {
            for (id, state) in chunk { records[id] = state }
        }
        return records
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

