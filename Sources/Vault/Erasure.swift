import Foundation
import GRDB
import Identifiers
import Replica

/// Erasing records for good (a destroyed case): out of the record store, the index, every
/// log batch and every group of waiting operations, in one transaction; then the WAL is
/// checkpointed and truncated so that no frame keeps an old page. `secure_delete` zeroes
/// what SQLite frees in the database file itself.
extension Vault {
    /// What an erasure did.
    public struct Erasure: Sendable {
        /// Records and operations taken out (0 and 0 when nothing of them was stored).
        public let records: Int
        public let operations: Int
        /// Whether the WAL was checkpointed and truncated: until then old pages may be in it.
        public let checkpointed: Bool
    }

    static let lastErasureSetting = "last_erasure"

    /// Erases the records `ids` and every operation on them. Operations of other records in
    /// the same log batches stay (the batches are sealed again without the erased ones).
    public func erase(_ ids: Set<RecordID>) throws -> Erasure {
        let (records, operations) = try StorageErrors.map {
            try database.write { db -> (Int, Int) in
                try ensureCurrentKey(db)
                try catchUpIndex(db)
                let store = RecordStore(sealing: sealing)
                let states = try store.load(ids, db)
                try index?.remove(states, db)
                try store.delete(Set(states.keys), db)
                let log = OperationLog(sealing: sealing)
                var operations = try log.remove(touching: ids, db)
                for purpose in [WaitingOperationStore.Purpose.held, .deferred] {
                    operations += try WaitingOperationStore(db: db, sealing: sealing, purpose: purpose).remove(touching: ids)
                }
                // The index records how far the log reaches; erasing may shorten it.
                try index?.update([:], before: [:], db)
                let time = BigEndian.bytes(of: wallClock())
                try Settings.set(Self.lastErasureSetting, try sealing.seal(time, context: .setting(Self.lastErasureSetting)), db)
                return (states.count, operations)
            }
        }
        return Erasure(records: records, operations: operations, checkpointed: try checkpoint())
    }

    /// Copies every WAL frame into the database file and truncates the WAL; false when a
    /// reader in another process kept it from finishing (a later erasure tries again).
    public func checkpoint() throws -> Bool {
        try StorageErrors.map {
            try database.writeWithoutTransaction { db in
                guard let row = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)") else { return false }
                let busy: Int = row[0]
                return busy == 0
            }
        }
    }
}
