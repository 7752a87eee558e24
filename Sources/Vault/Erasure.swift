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
        /// The records taken out of the record store, and the operations taken out per record.
        public let records: Set<RecordID>
        public let operations: [RecordID: Int]
        /// Whether the WAL was checkpointed and truncated: until then old pages may be in it.
        public let checkpointed: Bool
    }

    static let lastErasureSetting = "last_erasure"

    /// Erases the records `ids` and every operation on them. Operations of other records in
    /// the same log batches stay (the batches are sealed again without the erased ones).
    /// `caseKeys`: cases whose keys go first, in the same transaction (`SyncLedger.destroyCaseKey`);
    /// `leaving`: cases whose keys stay for a copy elsewhere but no longer belong to a caseload.
    /// `announcing`: destroy entries to append at the next sync, kept in the same transaction.
    public func erase(_ ids: Set<RecordID>, destroyingCaseKeys caseKeys: [RecordID] = [],
                      leaving: [(case: RecordID, caseload: CaseloadID)] = [], announcing entries: [DestroyEntry] = []) throws -> Erasure {
        let (records, operations) = try StorageErrors.map {
            try database.write { db -> (Set<RecordID>, [RecordID: Int]) in
                try ensureCurrentKey(db)
                let ledger = SyncLedger(db: db, vault: self)
                for id in caseKeys { try ledger.destroyCaseKey(id.bytes) }
                for left in leaving { try ledger.removeCaseKey(left.case.bytes, from: left.caseload) }
                for entry in entries { try ledger.addDestroyEntry(entry) }
                try catchUpIndex(db)
                let store = RecordStore(sealing: sealing)
                let states = try store.load(ids, db)
                try index?.remove(states, db)
                try store.delete(Set(states.keys), db)
                let log = OperationLog(sealing: sealing)
                var operations = try log.remove(touching: ids, db)
                for purpose in [WaitingOperationStore.Purpose.held, .deferred] {
                    operations.merge(try WaitingOperationStore(db: db, sealing: sealing, purpose: purpose).remove(touching: ids), uniquingKeysWith: +)
                }
                // The index records how far the log reaches; erasing may shorten it.
                try index?.update([:], before: [:], db)
                let time = BigEndian.bytes(of: wallClock())
                try Settings.set(Self.lastErasureSetting, try sealing.seal(time, context: .setting(Self.lastErasureSetting)), db)
                return (Set(states.keys), operations)
            }
        }
        return Erasure(records: records, operations: operations, checkpointed: try checkpoint())
    }

    /// The records that any stored operation (log, held or deferred) ever assigned one of
    /// `values` (strings) to `field`, per value: a conversation stays found by the case it
    /// was placed in, whatever its `case` register says now.
    public func recordsAssigning(_ field: String, oneOf values: Set<String>) throws -> [String: Set<RecordID>] {
        try StorageErrors.map {
            try database.read { db in
                var operations = try OperationLog(sealing: sealing).all(db)
                for purpose in [WaitingOperationStore.Purpose.held, .deferred] {
                    operations += try WaitingOperationStore(db: db, sealing: sealing, purpose: purpose).groups().flatMap(\.operations)
                }
                var found: [String: Set<RecordID>] = [:]
                for operation in operations where operation.field == field {
                    if case .assign(.string(let value)) = operation.change, values.contains(value) { found[value, default: []].insert(operation.record) }
                }
                return found
            }
        }
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
