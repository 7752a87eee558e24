import Cryptography
import Foundation
import GRDB
import Identifiers
import Replica

/// The vault's sync bookkeeping, used inside one transaction: what was pushed, what is
/// waiting in the outbox, how far the relay was read, and the caseload's keys and log.
public struct SyncLedger {
    let db: Database
    let vault: Vault

    private func key(_ caseload: CaseloadID) -> Data { Data(caseload.bytes) }

    /// A stored counter: `absent` when there is no row, an error when the stored value is not
    /// a counter (a default here would weaken the replay and gap checks that rely on it).
    private func counter(_ sql: String, _ arguments: StatementArguments, absent: UInt64) throws -> UInt64 {
        guard let row = try Row.fetchOne(db, sql: sql, arguments: arguments) else { return absent }
        guard case .int64(let value) = (row[0] as DatabaseValue).storage, value >= 0 else {
            throw VaultError.damaged(what: "stored value")
        }
        return UInt64(value)
    }

    // MARK: Local operations to push

    /// Local operations not yet put into envelopes, and the batch id to mark afterwards.
    public func unsentOperations() throws -> (operations: [FieldOperation], through: Int64) {
        let after = Int64(try Settings.integer("pushed_through", db) ?? 0)
        return try OperationLog(sealing: vault.sealing).local(after: after, db)
    }

    public func markSent(through batch: Int64) throws {
        try Settings.set("pushed_through", UInt64(batch), db)
    }

    // MARK: Outbox

    public func nextDeviceSequence(_ caseload: CaseloadID) throws -> UInt64 {
        try counter("SELECT next_device_sequence FROM sync_cursor WHERE caseload = ?", [key(caseload)], absent: 1)
    }

    public func enqueue(_ caseload: CaseloadID, sequence: UInt64, envelope: [UInt8]) throws {
        try db.execute(sql: "INSERT INTO outbox(caseload, device_sequence, envelope) VALUES (?, ?, ?)",
                       arguments: [key(caseload), Int64(sequence), Data(envelope)])
        try ensureCursor(caseload)
        try db.execute(sql: "UPDATE sync_cursor SET next_device_sequence = ? WHERE caseload = ?",
                       arguments: [Int64(sequence + 1), key(caseload)])
    }

    public func outbox(_ caseload: CaseloadID) throws -> [(sequence: UInt64, envelope: [UInt8])] {
        try Row.fetchAll(db, sql: "SELECT device_sequence, envelope FROM outbox WHERE caseload = ? ORDER BY device_sequence",
                         arguments: [key(caseload)])
            .map { (sequence: UInt64($0[0] as Int64), envelope: [UInt8]($0[1] as Data)) }
    }

    public func acknowledge(_ caseload: CaseloadID, through sequence: UInt64) throws {
        try db.execute(sql: "DELETE FROM outbox WHERE caseload = ? AND device_sequence <= ?", arguments: [key(caseload), Int64(sequence)])
    }

    // MARK: Pulling

    public func pulledThrough(_ caseload: CaseloadID) throws -> UInt64 {
        try counter("SELECT pulled_through FROM sync_cursor WHERE caseload = ?", [key(caseload)], absent: 0)
    }

    public func setPulledThrough(_ caseload: CaseloadID, _ sequence: UInt64) throws {
        try ensureCursor(caseload)
        try db.execute(sql: "UPDATE sync_cursor SET pulled_through = ? WHERE caseload = ?", arguments: [Int64(sequence), key(caseload)])
    }

    public func lastSequence(_ caseload: CaseloadID, author: [UInt8]) throws -> UInt64 {
        try counter("SELECT last FROM author_sequence WHERE caseload = ? AND author = ?", [key(caseload), Data(author)], absent: 0)
    }

    public func setLastSequence(_ caseload: CaseloadID, author: [UInt8], _ sequence: UInt64) throws {
        try db.execute(sql: """
            INSERT INTO author_sequence(caseload, author, last) VALUES (?, ?, ?)
            ON CONFLICT(caseload, author) DO UPDATE SET last = excluded.last
            """, arguments: [key(caseload), Data(author), Int64(sequence)])
    }

    /// Applies operations from other devices: logged as received, records updated.
    public func applyReceived(_ operations: [FieldOperation]) throws {
        guard !operations.isEmpty else { return }
        try vault.applyReceived(operations, db)
    }

    private func ensureCursor(_ caseload: CaseloadID) throws {
        try db.execute(sql: "INSERT OR IGNORE INTO sync_cursor(caseload) VALUES (?)", arguments: [key(caseload)])
    }

    // MARK: Caseloads

    /// The caseloads this vault takes part in, with their names.
    public func caseloads() throws -> [(id: CaseloadID, name: String)] {
        try Row.fetchAll(db, sql: "SELECT caseload, sealed_name FROM caseload").map { row in
            let id = CaseloadID(bytes: [UInt8](row[0] as Data))
            do {
                let name = try vault.sealing.open([UInt8](row[1] as Data), context: .caseloadName(id.bytes))
                return (id: id, name: String(decoding: name, as: UTF8.self))
            } catch {
                throw VaultError.damaged(what: "caseload name")
            }
        }
    }

    public func registerCaseload(_ caseload: CaseloadID, name: String) throws {
        let sealed = try vault.sealing.seal(Array(name.utf8), context: .caseloadName(caseload.bytes))
        try db.execute(sql: "INSERT OR REPLACE INTO caseload(caseload, sealed_name) VALUES (?, ?)", arguments: [key(caseload), Data(sealed)])
    }

    /// The current state of some records (to see which caseload each belongs to).
    public func records(_ ids: Set<RecordID>) throws -> [RecordID: RecordState] {
        let store = RecordStore(sealing: vault.sealing)
        var states: [RecordID: RecordState] = [:]
        for id in ids { states[id] = try store.load(id, db) }
        return states
    }

    // MARK: Keys and membership

    public func epochKeys(_ caseload: CaseloadID) throws -> [UInt32: SymmetricKey] {
        var keys: [UInt32: SymmetricKey] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT epoch, sealed FROM caseload_key WHERE caseload = ?", arguments: [key(caseload)]) {
            let epoch = UInt32(row[0] as Int64)
            do {
                var bytes = try vault.sealing.open([UInt8](row[1] as Data), context: .caseloadKey(caseload.bytes, epoch))
                defer { secureZero(&bytes) }
                keys[epoch] = try SymmetricKey(bytes: bytes)
            } catch {
                throw VaultError.damaged(what: "caseload key")
            }
        }
        return keys
    }

    public func storeEpochKey(_ caseload: CaseloadID, epoch: UInt32, key epochKey: SymmetricKey) throws {
        var bytes = epochKey.exportBytes()
        defer { secureZero(&bytes) }
        let sealed = try vault.sealing.seal(bytes, context: .caseloadKey(caseload.bytes, epoch))
        try db.execute(sql: "INSERT OR REPLACE INTO caseload_key(caseload, epoch, sealed) VALUES (?, ?, ?)",
                       arguments: [key(caseload), Int64(epoch), Data(sealed)])
    }

    public func membershipEntries(_ caseload: CaseloadID) throws -> [[UInt8]] {
        try Data.fetchAll(db, sql: "SELECT entry FROM membership_entry WHERE caseload = ? ORDER BY sequence", arguments: [key(caseload)])
            .map { [UInt8]($0) }
    }

    public func appendMembershipEntry(_ caseload: CaseloadID, sequence: UInt64, entry: [UInt8]) throws {
        try db.execute(sql: "INSERT INTO membership_entry(caseload, sequence, entry) VALUES (?, ?, ?)",
                       arguments: [key(caseload), Int64(sequence), Data(entry)])
    }
}

extension Vault {
    /// Runs `body` in one write transaction on the sync bookkeeping.
    public func syncTransaction<T>(_ body: (SyncLedger) throws -> T) throws -> T {
        try StorageErrors.map { try database.write { db in try body(SyncLedger(db: db, vault: self)) } }
    }

    /// Runs `body` in a read transaction: for lookups, which need not take the write lock
    /// that other `vp` processes may be waiting for.
    public func syncRead<T>(_ body: (SyncLedger) throws -> T) throws -> T {
        try StorageErrors.map { try database.read { db in try body(SyncLedger(db: db, vault: self)) } }
    }
}
