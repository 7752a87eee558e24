import Foundation
import GRDB
import Replica

/// The sealed operation log: the source of truth and the audit trail.
struct OperationLog {
    let sealing: Sealing

    func append(_ operations: [FieldOperation], _ db: Database) throws {
        let sealed = try sealing.seal(FieldOperation.encode(operations), context: .batch)
        try db.cachedStatement(sql: "INSERT INTO batch(sealed) VALUES (?)").execute(arguments: [Data(sealed)])
    }

    func all(_ db: Database) throws -> [FieldOperation] {
        var operations: [FieldOperation] = []
        let rows = try Data.fetchCursor(db, sql: "SELECT sealed FROM batch ORDER BY id")
        while let sealed = try rows.next() {
            do {
                operations += try FieldOperation.decodeBatch(sealing.open([UInt8](sealed), context: .batch))
            } catch {
                throw VaultError.damaged(what: "operation log")
            }
        }
        return operations
    }
}
