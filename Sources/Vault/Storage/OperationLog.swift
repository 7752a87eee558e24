import Foundation
import GRDB
import Identifiers
import Replica
import Signatures

/// The sealed operation log: the source of truth and the audit trail. Each batch is sealed
/// with its id and `remote` flag and linked into the chain (`LogChain`); every read checks
/// the links of what it reads.
struct OperationLog {
    let sealing: Sealing
    var chain: LogChain { LogChain(sealing: sealing) }

    /// A batch sealed for its place in the log, with the digest of its plaintext for the chain.
    struct SealedBatch: Sendable {
        let sealed: [UInt8]
        let digest: [UInt8]
    }

    /// Appends one batch; `remote` batches came from other devices and are never pushed.
    /// `clock`: the device's clock after it, kept in the head (nil: the head's stays).
    /// Returns its id.
    @discardableResult
    func append(_ operations: [FieldOperation], remote: Bool = false, clock: UInt64? = nil, _ db: Database) throws -> Int64 {
        let first = try nextID(db)
        try insert(seal([FieldOperation.encode(operations)], firstID: first, remote: remote), firstID: first, remote: remote, clock: clock, db)
        return first
    }

    /// The id the next batch gets.
    func nextID(_ db: Database) throws -> Int64 {
        (try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM batch") ?? 0) + 1
    }

    /// Seals encoded batches for `insert` at ids from `firstID` on, in parallel; needs no
    /// database, so it can run beside work that does (a sync brings tens of thousands of
    /// operations).
    func seal(_ encoded: [[UInt8]], firstID: Int64, remote: Bool) throws -> [SealedBatch] {
        let sealing = sealing
        let numbered = encoded.enumerated().map { (id: firstID + Int64($0.offset), plaintext: $0.element) }
        return try ParallelChunks.map(numbered, minimumChunk: 1) { chunk in
            try chunk.map { SealedBatch(sealed: try sealing.seal($0.plaintext, context: .batch(id: $0.id, remote: remote)), digest: Digest.blake2b($0.plaintext)) }
        }.flatMap { $0 }
    }

    /// Appends batches sealed by `seal` with the same `firstID`, links them and moves the head
    /// (with `clock`, when given, in the same sealing).
    func insert(_ batches: [SealedBatch], firstID: Int64, remote: Bool, clock: UInt64? = nil, _ db: Database) throws {
        guard !batches.isEmpty else { return }
        let chain = chain
        var previous = try chain.head(db)?.link ?? chain.link(before: firstID, db)
        let statement = try db.cachedStatement(sql: "INSERT INTO batch(id, sealed, remote, link) VALUES (?, ?, ?, ?)")
        var id = firstID
        for batch in batches {
            previous = chain.link(after: previous, id: id, remote: remote, digest: batch.digest)
            try statement.execute(arguments: [id, Data(batch.sealed), remote, Data(previous)])
            id += 1
        }
        try chain.setHead(LogChain.Head(lastID: id - 1, link: previous), clock: clock, db)
    }

    /// Takes every operation on `records` out of the log: a batch left empty is deleted,
    /// any other one sealed again without them (it keeps its id and its `remote` flag); the
    /// links are made anew in the same pass (sealed batches do not name their neighbours, so
    /// only the changed ones are sealed again). Returns how many operations were taken out,
    /// per record.
    func remove(touching records: Set<RecordID>, _ db: Database) throws -> [RecordID: Int] {
        guard !records.isEmpty else { return [:] }
        let chain = chain
        var removed: [RecordID: Int] = [:]
        var previous = LogChain.genesis
        var lastID: Int64 = 0
        for batch in try read(sql: "SELECT id, sealed, remote, link FROM batch ORDER BY id", arguments: [], from: LogChain.genesis, db) {
            let kept = batch.operations.filter { !records.contains($0.record) }
            var digest = batch.digest
            if kept.count < batch.operations.count {
                for operation in batch.operations where records.contains(operation.record) { removed[operation.record, default: 0] += 1 }
                if kept.isEmpty {
                    try db.execute(sql: "DELETE FROM batch WHERE id = ?", arguments: [batch.id])
                    continue
                }
                let plaintext = FieldOperation.encode(kept)
                digest = Digest.blake2b(plaintext)
                let sealed = try sealing.seal(plaintext, context: .batch(id: batch.id, remote: batch.remote))
                try db.execute(sql: "UPDATE batch SET sealed = ? WHERE id = ?", arguments: [Data(sealed), batch.id])
            }
            previous = chain.link(after: previous, id: batch.id, remote: batch.remote, digest: digest)
            if previous != batch.link { try db.execute(sql: "UPDATE batch SET link = ? WHERE id = ?", arguments: [Data(previous), batch.id]) }
            lastID = batch.id
        }
        try chain.setHead(LogChain.Head(lastID: lastID, link: previous), db)
        return removed
    }

    /// The whole log, its chain checked from the first batch to the head.
    func all(_ db: Database) throws -> [FieldOperation] {
        let batches = try read(sql: "SELECT id, sealed, remote, link FROM batch ORDER BY id", arguments: [], from: LogChain.genesis, db)
        let head = try chain.head(db)
        guard head == nil || head == LogChain.Head(lastID: batches.last?.id ?? 0, link: batches.last?.link ?? LogChain.genesis) else {
            throw VaultError.damaged(what: "operation log")
        }
        return batches.flatMap(\.operations)
    }

    /// Local batches after `batch`, and the id of the last one read. Each is checked against
    /// the link of the row before it, whichever that is.
    func local(after batch: Int64, _ db: Database) throws -> (operations: [FieldOperation], through: Int64) {
        let sql = """
            SELECT id, sealed, remote, link, (SELECT link FROM batch AS before WHERE before.id < batch.id ORDER BY before.id DESC LIMIT 1)
            FROM batch WHERE remote = 0 AND id > ? ORDER BY id
            """
        let batches = try read(sql: sql, arguments: [batch], from: nil, db)
        return (batches.flatMap(\.operations), batches.last?.id ?? batch)
    }

    private struct ReadBatch {
        let id: Int64
        let remote: Bool
        let link: [UInt8]
        /// BLAKE2b of the plaintext, as its link took it.
        let digest: [UInt8]
        let operations: [FieldOperation]
    }

    /// Rows `id, sealed, remote, link` (and, when `start` is nil, the previous row's link as
    /// a fifth column), each opened and its link checked: from `start` along the rows, or
    /// against the previous row's link for rows that do not follow each other.
    private func read(sql: String, arguments: StatementArguments, from start: [UInt8]?, _ db: Database) throws -> [ReadBatch] {
        let chain = chain
        var previous = start
        var batches: [ReadBatch] = []
        let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
        while let row = try rows.next() {
            let id: Int64 = row[0]
            let remote: Bool = row[2]
            let link = (row[3] as Data?).map { [UInt8]($0) }
            let before = previous ?? (row[4] as Data?).map { [UInt8]($0) } ?? LogChain.genesis
            let plaintext: [UInt8]
            let operations: [FieldOperation]
            do {
                plaintext = try sealing.open([UInt8](row[1] as Data), context: .batch(id: id, remote: remote))
                operations = try FieldOperation.decodeBatch(plaintext)
            } catch {
                throw VaultError.damaged(what: "operation log")
            }
            let digest = Digest.blake2b(plaintext)
            let expected = chain.link(after: before, id: id, remote: remote, digest: digest)
            guard link == expected else { throw VaultError.damaged(what: "operation log") }
            if start != nil { previous = expected }
            batches.append(ReadBatch(id: id, remote: remote, link: expected, digest: digest, operations: operations))
        }
        return batches
    }
}
