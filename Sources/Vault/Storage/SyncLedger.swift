import Cryptography
import Foundation
import GRDB
import Identifiers
import Replica

/// The vault's sync bookkeeping, used inside one transaction: what was pushed, what is
/// waiting in the outbox, how far the relay was read, and the caseloads' keys and logs.
/// One store per table (`Storage/Sync/`); this is the one door Sync goes through.
public struct SyncLedger {
    let db: Database
    let vault: Vault

    private var outboxStore: OutboxStore { OutboxStore(db: db) }
    private var cursors: SyncCursorStore { SyncCursorStore(db: db) }
    private var authors: AuthorSequenceStore { AuthorSequenceStore(db: db) }
    private var caseloadStore: CaseloadStore { CaseloadStore(db: db, sealing: vault.sealing) }
    private var keys: CaseloadKeyStore { CaseloadKeyStore(db: db, sealing: vault.sealing) }
    private var membership: MembershipEntryStore { MembershipEntryStore(db: db) }
    private var held: HeldOperationStore { HeldOperationStore(db: db, sealing: vault.sealing) }

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

    public func nextDeviceSequence(_ caseload: CaseloadID) throws -> UInt64 { try cursors.nextDeviceSequence(caseload) }

    /// Keeps an envelope until the relay acknowledges it; its number is used up.
    public func enqueue(_ caseload: CaseloadID, sequence: UInt64, envelope: [UInt8]) throws {
        try outboxStore.add(caseload, sequence: sequence, envelope: envelope)
        try cursors.setNextDeviceSequence(caseload, sequence + 1)
    }

    public func outbox(_ caseload: CaseloadID) throws -> [(sequence: UInt64, envelope: [UInt8])] { try outboxStore.waiting(caseload) }

    public func acknowledge(_ caseload: CaseloadID, through sequence: UInt64) throws { try outboxStore.remove(caseload, through: sequence) }

    // MARK: Pulling

    public func pulledThrough(_ caseload: CaseloadID) throws -> UInt64 { try cursors.pulledThrough(caseload) }

    public func setPulledThrough(_ caseload: CaseloadID, _ sequence: UInt64) throws { try cursors.setPulledThrough(caseload, sequence) }

    public func lastSequence(_ caseload: CaseloadID, author: [UInt8]) throws -> UInt64 { try authors.last(caseload, author: author) }

    public func setLastSequence(_ caseload: CaseloadID, author: [UInt8], _ sequence: UInt64) throws {
        try authors.setLast(caseload, author: author, sequence)
    }

    /// The highest envelope number known per author of the caseload.
    public func highestSequences(_ caseload: CaseloadID) throws -> [(author: [UInt8], sequence: UInt64)] { try authors.highest(caseload) }

    /// Notes that `first...last` of `author` have not arrived (a later number has).
    public func addGap(_ caseload: CaseloadID, author: [UInt8], from first: UInt64, to last: UInt64) throws {
        try authors.addGap(caseload, author: author, from: first, to: last)
    }

    /// Whether `sequence` was missing (and now is not): a late envelope, not a replay.
    public func fillGap(_ caseload: CaseloadID, author: [UInt8], _ sequence: UInt64) throws -> Bool {
        try authors.fillGap(caseload, author: author, sequence)
    }

    /// Every envelope range still missing, per caseload and author.
    public func gaps() throws -> [(caseload: CaseloadID, author: [UInt8], first: UInt64, last: UInt64)] { try authors.gaps() }

    /// Applies operations from other devices: logged as received, records updated.
    public func applyReceived(_ operations: [FieldOperation]) throws {
        guard !operations.isEmpty else { return }
        try vault.applyReceived(operations, db)
    }

    /// Keeps an accepted envelope's operations aside: they are dated too far ahead.
    public func holdBack(_ operations: [FieldOperation], caseload: CaseloadID) throws { try held.hold(operations, caseload: caseload) }

    /// Applies the held operations whose dates are now at most `latest`; returns how many.
    public func releaseHeld(notAfter latest: UInt64) throws -> Int {
        let operations = try held.release(notAfter: latest)
        try applyReceived(operations)
        return operations.count
    }

    /// How many operations are held back, and the date of the latest (Unix milliseconds).
    public func heldBack() throws -> (operations: Int, latest: UInt64?) { try held.waiting() }

    // MARK: Caseloads

    /// The caseloads this vault takes part in, with their names.
    public func caseloads() throws -> [(id: CaseloadID, name: String)] { try caseloadStore.all() }

    public func registerCaseload(_ caseload: CaseloadID, name: String) throws { try caseloadStore.register(caseload, name: name) }

    /// The current state of some records (to see which caseload each belongs to).
    public func records(_ ids: Set<RecordID>) throws -> [RecordID: RecordState] {
        let store = RecordStore(sealing: vault.sealing)
        var states: [RecordID: RecordState] = [:]
        for id in ids { states[id] = try store.load(id, db) }
        return states
    }

    // MARK: Keys and membership

    public func epochKeys(_ caseload: CaseloadID) throws -> [UInt32: SymmetricKey] { try keys.keys(caseload) }

    public func storeEpochKey(_ caseload: CaseloadID, epoch: UInt32, key: SymmetricKey) throws {
        try keys.store(caseload, epoch: epoch, key: key)
    }

    public func membershipEntries(_ caseload: CaseloadID) throws -> [[UInt8]] { try membership.entries(caseload) }

    public func appendMembershipEntry(_ caseload: CaseloadID, sequence: UInt64, entry: [UInt8]) throws {
        try membership.append(caseload, sequence: sequence, entry: entry)
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
