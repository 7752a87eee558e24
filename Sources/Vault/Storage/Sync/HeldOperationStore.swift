import Foundation
import GRDB
import Identifiers
import Replica

/// The `held_operation` table: operations of other devices dated too far ahead of this
/// device's clock. They are neither applied (a date in the future would win every later
/// edit) nor lost: each accepted envelope's operations wait here, sealed, as one group
/// until the clock has caught up.
struct HeldOperationStore {
    let db: Database
    let sealing: Sealing

    func hold(_ operations: [FieldOperation], caseload: CaseloadID) throws {
        let sealed = try sealing.seal(FieldOperation.encode(operations), context: .held(caseload.bytes))
        try db.execute(sql: "INSERT INTO held_operation(caseload, sealed) VALUES (?, ?)", arguments: [Data(caseload.bytes), Data(sealed)])
    }

    /// Removes and returns the groups whose every operation is dated at most `latest`.
    func release(notAfter latest: UInt64) throws -> [FieldOperation] {
        var released: [FieldOperation] = []
        for group in try groups() where group.latest <= latest {
            released += group.operations
            try db.execute(sql: "DELETE FROM held_operation WHERE id = ?", arguments: [group.id])
        }
        return released
    }

    /// How many operations wait, and the date (milliseconds) of the latest.
    func waiting() throws -> (operations: Int, latest: UInt64?) {
        let groups = try groups()
        return (groups.reduce(0) { $0 + $1.operations.count }, groups.map(\.latest).max())
    }

    private func groups() throws -> [(id: Int64, operations: [FieldOperation], latest: UInt64)] {
        try Row.fetchAll(db, sql: "SELECT id, caseload, sealed FROM held_operation ORDER BY id").map { row in
            let operations: [FieldOperation]
            do {
                let caseload = [UInt8](row[1] as Data)
                operations = try FieldOperation.decodeBatch(sealing.open([UInt8](row[2] as Data), context: .held(caseload)))
            } catch {
                throw VaultError.damaged(what: "held operations")
            }
            return (row[0], operations, operations.map(\.id.timestamp.milliseconds).max() ?? 0)
        }
    }
}
