import Foundation
import GRDB
import Replica

/// Reads and writes sealed materialised records in the `record` table.
struct RecordStore {
    let sealing: Sealing

    func loadAll(_ db: Database) throws -> [RecordID: RecordState] {
        var records: [RecordID: RecordState] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT record_key, sealed FROM record")
        while let row = try rows.next() {
            let key = [UInt8](row[0] as Data)
            var reader = ByteReader(key)
            let id = try reader.readRecordID()
            records[id] = try decode([UInt8](row[1] as Data), key: key)
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

    private func decode(_ sealed: [UInt8], key: [UInt8]) throws -> RecordState {
        do {
            return try RecordState(encoded: sealing.open(sealed, context: .record(key)))
        } catch {
            throw VaultError.damaged(what: "record store")
        }
    }
}
