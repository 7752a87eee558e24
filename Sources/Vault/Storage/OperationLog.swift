import Foundation
import GRDB
import Replica

/// The sealed operation log: the source of truth and the audit trail.
struct OperationLog {
    let sealing: Sealing

    /// Appends one batch; `remote` batches came from other devices and are never pushed.
    func append(_ operations: [FieldOperation], remote: Bool = false, _ db: Database) throws {
        try insert(seal([FieldOperation.encode(operations)]), remote: remote, db)
    }

    /// Seals encoded batches for `insert`, in parallel; needs no database, so it can run
    /// beside work that does (a sync brings tens of thousands of operations).
    func seal(_ encoded: [[UInt8]]) throws -> [[UInt8]] {
        let sealing = sealing
        return try ParallelChunks.map(encoded, minimumChunk: 1) { chunk in
            try chunk.map { try sealing.seal($0, context: .batch) }
        }.flatMap { $0 }
    }

    /// Appends sealed batches in order.
    func insert(_ sealed: [[UInt8]], remote: Bool, _ db: Database) throws {
        let statement = try db.cachedStatement(sql: "INSERT INTO batch(sealed, remote) VALUES (?, ?)")
        for batch in sealed { try statement.execute(arguments: [Data(batch), remote]) }
    }

    /// Takes every operation on `records` out of the log: a batch left empty is deleted,
    /// any other one sealed again without them (it keeps its place and its `remote` flag).
    /// Returns how many operations were taken out, per record.
    func remove(touching records: Set<RecordID>, _ db: Database) throws -> [RecordID: Int] {
        guard !records.isEmpty else { return [:] }
        var removed: [RecordID: Int] = [:]
        let rows = try Row.fetchAll(db, sql: "SELECT id, sealed FROM batch ORDER BY id")
        for row in rows {
            let id: Int64 = row[0]
            let operations: [FieldOperation]
            do {
                operations = try FieldOperation.decodeBatch(sealing.open([UInt8](row[1] as Data), context: .batch))
            } catch {
                throw VaultError.damaged(what: "operation log")
            }
            let kept = operations.filter { !records.contains($0.record) }
            guard kept.count < operations.count else { continue }
            for operation in operations where records.contains(operation.record) { removed[operation.record, default: 0] += 1 }
            if kept.isEmpty {
                try db.execute(sql: "DELETE FROM batch WHERE id = ?", arguments: [id])
            } else {
                let sealed = try sealing.seal(FieldOperation.encode(kept), context: .batch)
                try db.execute(sql: "UPDATE batch SET sealed = ? WHERE id = ?", arguments: [Data(sealed), id])
            }
        }
        return removed
    }

    func all(_ db: Database) throws -> [FieldOperation] {
        try operations(sql: "SELECT id, sealed FROM batch ORDER BY id", arguments: [], db).operations
    }

    /// Local batches after `batch`, and the id of the last one read.
    func local(after batch: Int64, _ db: Database) throws -> (operations: [FieldOperation], through: Int64) {
        let result = try operations(sql: "SELECT id, sealed FROM batch WHERE remote = 0 AND id > ? ORDER BY id", arguments: [batch], db)
        return (result.operations, result.through ?? batch)
    }

    private func operations(sql: String, arguments: StatementArguments, _ db: Database) throws -> (operations: [FieldOperation], through: Int64?) {
        var operations: [FieldOperation] = []
        var through: Int64?
        let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
        while let row = try rows.next() {
            do {
                operations += try FieldOperation.decodeBatch(sealing.open([UInt8](row[1] as Data), context: .batch))
            } catch {
                throw VaultError.damaged(what: "operation log")
            }
            through = row[0]
        }
        return (operations, through)
    }
}
