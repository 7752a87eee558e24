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
    private var cursors: SyncCursorStore { SyncCursorStore(db: db, sealing: vault.sealing) }
    private var authors: AuthorSequenceStore { AuthorSequenceStore(db: db, sealing: vault.sealing) }
    private var caseloadStore: CaseloadStore { CaseloadStore(db: db, sealing: vault.sealing) }
    private var keys: CaseloadKeyStore { CaseloadKeyStore(db: db, sealing: vault.sealing) }
    private var membership: MembershipEntryStore { MembershipEntryStore(db: db, sealing: vault.sealing) }
    private var held: WaitingOperationStore { WaitingOperationStore(db: db, sealing: vault.sealing, purpose: .held) }
    private var deferred: WaitingOperationStore { WaitingOperationStore(db: db, sealing: vault.sealing, purpose: .deferred) }
    private var pending: PendingEnvelopeStore { PendingEnvelopeStore(db: db) }
    private var boxKeys: BoxKeyStore { BoxKeyStore(db: db, sealing: vault.sealing) }
    private var peerKeyStore: PeerKeyStore { PeerKeyStore(db: db, sealing: vault.sealing) }
    private var keyless: KeylessEnvelopeStore { KeylessEnvelopeStore(db: db) }
    private var caseKeyStore: CaseKeyStore { CaseKeyStore(db: db, sealing: vault.sealing) }
    private var destroyEntryStore: DestroyEntryStore { DestroyEntryStore(db: db, sealing: vault.sealing) }

    // MARK: Local operations to push

    /// Local operations not yet put into envelopes, and the batch id to mark afterwards.
    public func unsentOperations() throws -> (operations: [FieldOperation], through: Int64) {
        let after = Int64(try Settings.sealedInteger(Self.pushedThrough, sealing: vault.sealing, db) ?? 0)
        return try OperationLog(sealing: vault.sealing).local(after: after, db)
    }

    /// Whether this device wrote something since its last sync put its work in envelopes.
    public func hasUnsentWork() throws -> Bool {
        let after = Int64(try Settings.sealedInteger(Self.pushedThrough, sealing: vault.sealing, db) ?? 0)
        return try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM batch WHERE remote = 0 AND id > ?)", arguments: [after]) ?? false
    }

    public func markSent(through batch: Int64) throws {
        try Settings.setSealed(Self.pushedThrough, UInt64(batch), sealing: vault.sealing, db)
    }

    static let pushedThrough = "pushed_through"
    static let committedMembership = "committed_membership:"

    // MARK: Outbox

    /// How many membership entries this device's last envelope of `caseload` committed to.
    public func committedMembershipLength(_ caseload: CaseloadID) throws -> UInt64 {
        try Settings.sealedInteger(Self.committedMembership + caseload.description, sealing: vault.sealing, db) ?? 0
    }

    public func setCommittedMembershipLength(_ caseload: CaseloadID, _ length: UInt64) throws {
        try Settings.setSealed(Self.committedMembership + caseload.description, length, sealing: vault.sealing, db)
    }

    public func nextDeviceSequence(_ caseload: CaseloadID) throws -> UInt64 { try cursors.nextDeviceSequence(caseload) }

    /// Moves this device's numbering past `sequence`, an own envelope it did not make in this
    /// vault (one restored from a backup); never back.
    public func numberOwnEnvelopes(_ caseload: CaseloadID, after sequence: UInt64) throws {
        if try cursors.nextDeviceSequence(caseload) <= sequence { try cursors.setNextDeviceSequence(caseload, sequence + 1) }
    }

    /// Keeps an envelope until the relay acknowledges it; its number is used up.
    public func enqueue(_ caseload: CaseloadID, sequence: UInt64, envelope: [UInt8], operations: Int) throws {
        try outboxStore.add(caseload, sequence: sequence, envelope: envelope, operations: operations)
        try cursors.setNextDeviceSequence(caseload, sequence + 1)
    }

    public func outbox(_ caseload: CaseloadID) throws -> [OutboxEnvelope] { try outboxStore.waiting(caseload) }

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

    /// The ranges of `author`'s numbers still missing in `caseload`.
    public func gaps(_ caseload: CaseloadID, author: [UInt8]) throws -> [(first: UInt64, last: UInt64)] {
        try authors.gaps(caseload, author: author)
    }

    /// The highest number up to which every envelope of `author` was accepted: what a
    /// removal lets count (a number skipped, or a jump far ahead, does not raise it).
    public func acceptedWithoutGaps(_ caseload: CaseloadID, author: [UInt8]) throws -> UInt64 {
        let last = try authors.last(caseload, author: author)
        guard let first = try authors.gaps(caseload, author: author).map(\.first).min(), first <= last else { return last }
        return first - 1
    }

    /// Every envelope range still missing, per caseload and author.
    public func gaps() throws -> [(caseload: CaseloadID, author: [UInt8], first: UInt64, last: UInt64)] { try authors.gaps() }

    /// Applies operations from other devices: logged as received, records updated.
    public func applyReceived(_ batches: [EncodedBatch]) throws {
        guard batches.contains(where: { !$0.operations.isEmpty }) else { return }
        try vault.applyReceived(batches, db)
    }

    // MARK: Waiting

    /// Keeps an accepted envelope's operations aside: they are dated too far ahead.
    public func holdBack(_ operations: [FieldOperation], caseload: CaseloadID) throws { try held.add(operations, caseload: caseload) }

    /// Takes out the held groups whose dates are now at most `latest`, oldest first, and
    /// applies those `admit` lets through (judged again against the records as they are
    /// now); returns how many operations were applied.
    public func releaseHeld(notAfter latest: UInt64, admit: (CaseloadID, [FieldOperation]) throws -> Bool) throws -> Int {
        var applied = 0
        // In order per caseload: a later group may build on an earlier one still waiting.
        var waiting: Set<CaseloadID> = []
        for group in try held.groups() {
            guard !waiting.contains(group.caseload), group.latest <= latest else {
                waiting.insert(group.caseload)
                continue
            }
            try held.remove(group)
            guard try admit(group.caseload, group.operations) else { continue }
            try applyReceived([EncodedBatch(group.operations)])
            applied += group.operations.count
        }
        return applied
    }

    /// How many operations are held back, and the date of the latest (Unix milliseconds).
    public func heldBack() throws -> (operations: Int, latest: UInt64?) {
        let groups = try held.groups()
        return (groups.reduce(0) { $0 + $1.operations.count }, groups.map(\.latest).max())
    }

    /// The operations held back in `caseload`, oldest first: later envelopes touching their
    /// records wait too, and are judged as though these were applied.
    public func heldOperations(_ caseload: CaseloadID) throws -> [FieldOperation] {
        try held.groups().filter { $0.caseload == caseload }.flatMap(\.operations)
    }

    /// Keeps own operations for a caseload whose log is in doubt, to seal later.
    public func deferOperations(_ operations: [FieldOperation], caseload: CaseloadID) throws {
        try deferred.add(operations, caseload: caseload)
    }

    /// Whether own operations for `caseload` are deferred (not sealed into envelopes yet).
    public func hasDeferred(_ caseload: CaseloadID) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM deferred_operation WHERE caseload = ?)", arguments: [Data(caseload.bytes)]) ?? false
    }

    /// Takes out the own operations deferred for `caseload`, oldest first.
    public func takeDeferred(_ caseload: CaseloadID) throws -> [FieldOperation] {
        var operations: [FieldOperation] = []
        for group in try deferred.groups() where group.caseload == caseload {
            try deferred.remove(group)
            operations += group.operations
        }
        return operations
    }

    /// Keeps an envelope written under a longer membership log than this device has.
    public func addPending(_ caseload: CaseloadID, envelope: [UInt8]) throws { try pending.add(caseload, envelope: envelope) }

    public func pendingEnvelopes(_ caseload: CaseloadID) throws -> [(id: Int64, envelope: [UInt8])] { try pending.all(caseload) }

    public func removePending(_ id: Int64) throws { try pending.remove(id) }

    // MARK: Caseloads

    /// The caseloads this vault takes part in, with their names.
    public func caseloads() throws -> [(id: CaseloadID, name: String)] { try caseloadStore.all() }

    public func registerCaseload(_ caseload: CaseloadID, name: String) throws { try caseloadStore.register(caseload, name: name) }

    /// The current state of some records (to see which caseload each belongs to).
    public func records(_ ids: Set<RecordID>) throws -> [RecordID: RecordState] {
        try RecordStore(sealing: vault.sealing).load(ids, db)
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

    // MARK: Case keys and the keys that carry them

    /// The private halves this device keeps for the keys it published in `caseload`.
    public func ownBoxKeys(_ caseload: CaseloadID) throws -> [OwnBoxKey] { try boxKeys.all(caseload) }

    /// Keeps a new key's private half under the next unused number of the caseload (numbers
    /// are never given twice, so a sender can use a recipient's keys in order); returns it.
    public func addOwnBoxKey(_ caseload: CaseloadID, kind: BoxKeyKind, sender: [UInt8]?, notAfter: UInt64, pair: BoxKeyPair) throws -> UInt32 {
        let name = Self.boxKeyNumber + caseload.description
        let number = try Settings.sealedInteger(name, sealing: vault.sealing, db) ?? 0
        guard number <= UInt64(UInt32.max) else { throw VaultError.storage("no key numbers are left in a caseload") }
        try Settings.setSealed(name, number + 1, sealing: vault.sealing, db)
        try boxKeys.add(caseload, kind: kind, sender: sender, number: UInt32(number), notAfter: notAfter, pair: pair)
        return UInt32(number)
    }

    public func deleteOwnBoxKey(_ id: Int64) throws { try boxKeys.delete(id) }

    /// Keys other devices published in `caseload` for this one.
    public func peerKeys(_ caseload: CaseloadID) throws -> [PeerBoxKey] { try peerKeyStore.all(caseload) }

    public func addPeerKey(_ caseload: CaseloadID, _ key: PeerBoxKey) throws { try peerKeyStore.add(caseload, key) }

    public func deletePeerKey(_ id: Int64) throws { try peerKeyStore.delete(id) }

    /// Every case key this device holds.
    public func caseKeys() throws -> [HeldCaseKey] { try caseKeyStore.all() }

    public func caseKey(_ caseID: [UInt8]) throws -> HeldCaseKey? { try caseKeyStore.find(caseID) }

    /// The keys among `caseIDs` this device holds, by case id (one read for many).
    public func caseKeys(_ caseIDs: Set<[UInt8]>) throws -> [[UInt8]: HeldCaseKey] { try caseKeyStore.find(caseIDs) }

    public func storeCaseKey(_ key: HeldCaseKey) throws { try caseKeyStore.store(key) }

    /// The ids of the cases this device holds keys of (read without opening a key).
    public func heldCaseIDs() throws -> Set<[UInt8]> {
        Set(try Data.fetchAll(db, sql: "SELECT case_id FROM case_key").map { [UInt8]($0) })
    }


    /// Destroys a case's key here: its row, the content waiting for it, and from now on any
    /// key or content of it that comes (with `secure_delete` on, the cells are zeroed; the
    /// caller checkpoints the write-ahead log).
    public func destroyCaseKey(_ caseID: [UInt8]) throws {
        try caseKeyStore.delete(caseID)
        try keyless.remove(caseID: caseID)
        try db.execute(sql: "INSERT OR IGNORE INTO destroyed_case(case_id) VALUES (?)", arguments: [Data(caseID)])
    }

    /// Keeps a case key but no longer for `caseload` (the case's copy there was destroyed, a
    /// copy elsewhere lives on): it is handed to none of that caseload's devices again.
    public func removeCaseKey(_ caseID: [UInt8], from caseload: CaseloadID) throws {
        guard var held = try caseKeyStore.find(caseID), held.holders.removeValue(forKey: caseload) != nil else { return }
        try caseKeyStore.store(held)
    }

    /// Keeps a `destroy` entry to append at the next sync (once per caseload and case).
    public func addDestroyEntry(_ entry: DestroyEntry) throws { try destroyEntryStore.add(entry) }

    /// The `destroy` entries waiting to be appended.
    public func destroyEntries() throws -> [DestroyEntry] { try destroyEntryStore.all() }

    /// Forgets a `destroy` entry: appended, or no longer to be (the log has one already).
    public func removeDestroyEntry(_ entry: DestroyEntry) throws { try destroyEntryStore.remove(entry) }

    /// Whether this device holds the key of case `caseID` (read without opening it).
    public func holdsCaseKey(_ caseID: [UInt8]) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM case_key WHERE case_id = ?)", arguments: [Data(caseID)]) ?? false
    }

    /// The cases whose keys this device destroyed.
    public func destroyedCaseIDs() throws -> Set<[UInt8]> {
        Set(try Data.fetchAll(db, sql: "SELECT case_id FROM destroyed_case").map { [UInt8]($0) })
    }

    /// Whether this device destroyed the case `caseID`.
    public func isDestroyed(_ caseID: [UInt8]) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM destroyed_case WHERE case_id = ?)", arguments: [Data(caseID)]) ?? false
    }

    /// Keeps an accepted case content envelope until its case key arrives.
    public func addKeyless(_ caseload: CaseloadID, caseID: [UInt8], envelope: [UInt8]) throws {
        try keyless.add(caseload, caseID: caseID, envelope: envelope)
    }

    /// Takes out the envelopes of `caseload` that waited for a case key this device now holds, oldest first.
    public func takeUnlocked(_ caseload: CaseloadID) throws -> [(caseID: [UInt8], envelope: [UInt8])] {
        let waiting = try keyless.unlocked(caseload)
        for envelope in waiting { try keyless.remove(envelope.id) }
        return waiting.map { ($0.caseID, $0.envelope) }
    }

    static let boxKeyNumber = "box_key_number:"
    static let keyCapable = "key_capable:"

    /// Devices of `caseload` known to read case content and key pools (they sent a control
    /// envelope, or a hand-over key when they joined).
    public func capableDevices(_ caseload: CaseloadID) throws -> Set<[UInt8]> {
        let name = Self.keyCapable + caseload.description
        guard let sealed = try Settings.bytes(name, db) else { return [] }
        guard let bytes = try? vault.sealing.open(sealed, context: .setting(name)), bytes.count % 32 == 0 else {
            throw VaultError.damaged(what: "setting \(name)")
        }
        return Set(stride(from: 0, to: bytes.count, by: 32).map { Array(bytes[$0..<$0 + 32]) })
    }

    public func noteCapable(_ caseload: CaseloadID, device: [UInt8]) throws {
        var devices = try capableDevices(caseload)
        guard devices.insert(device).inserted else { return }
        let name = Self.keyCapable + caseload.description
        try Settings.set(name, try vault.sealing.seal(devices.sorted { $0.lexicographicallyPrecedes($1) }.flatMap { $0 }, context: .setting(name)), db)
    }
}

extension Vault {
    /// Runs `body` in one write transaction on the sync bookkeeping.
    public func syncTransaction<T>(_ body: (SyncLedger) throws -> T) throws -> T {
        try StorageErrors.map {
            try database.write { db in
                try ensureCurrentKey(db)
                return try body(SyncLedger(db: db, vault: self))
            }
        }
    }

    /// Runs `body` in a read transaction: for lookups, which need not take the write lock
    /// that other `vp` processes may be waiting for.
    public func syncRead<T>(_ body: (SyncLedger) throws -> T) throws -> T {
        try StorageErrors.map { try database.read { db in try body(SyncLedger(db: db, vault: self)) } }
    }
}
