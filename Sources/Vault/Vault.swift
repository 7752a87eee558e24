import Cryptography
import Foundation
import GRDB
import Identifiers
import Replica
import Signatures

/// One replica on disk: an SQLite file holding the sealed operation log and the sealed
/// materialised records. Every change is one transaction; nothing readable is stored.
public final class Vault: Sendable {
    public static let fileName = "vault.sqlite"

    public let folder: URL
    public let header: VaultHeader
    public let device: DeviceID
    let database: DatabaseQueue
    let key: SymmetricKey
    let sealing: Sealing
    /// Kept on every write when the vault was opened with an indexing; without one, a write
    /// marks the index stale and the next open with one rebuilds it.
    let index: RecordIndex?
    let wallClock: @Sendable () -> UInt64

    init(folder: URL, database: DatabaseQueue, header: VaultHeader, key: SymmetricKey,
         indexing: (any RecordIndexing)?, wallClock: @escaping @Sendable () -> UInt64) {
        self.folder = folder
        self.database = database
        self.header = header
        self.key = key
        let sealing = Sealing(key: key)
        self.sealing = sealing
        var keyBytes = key.exportBytes()
        defer { secureZero(&keyBytes) }
        index = indexing.map { RecordIndex(indexing: $0, tokenKey: Digest.labelled("vertrouwd:index-key:v1", keyBytes), sealing: sealing) }
        self.wallClock = wallClock
        device = DeviceID(bytes: header.device)
    }

    public static func databasePath(in folder: URL) -> String {
        folder.appendingPathComponent(fileName).path
    }

    /// 2025-01-01: no vault was written before, so a clock showing an earlier date is wrong.
    static let earliestPlausibleClock: UInt64 = 1_735_689_600_000

    public static let systemClock: @Sendable () -> UInt64 = {
        UInt64(max(0, Date().timeIntervalSince1970 * 1000))
    }

    // MARK: Creating and opening

    /// Creates a new vault in `folder` (made with mode 0700) protected by `passphrase`.
    /// The file is made complete under a draft name — tables, settings, and whatever
    /// `setUp` adds (the counsellor's identity) — and only then renamed into place, so a
    /// `vp init` killed at any moment leaves either no vault or a whole one.
    public static func create(
        in folder: URL, passphrase: [UInt8], kdf cost: PassphraseCost = .moderate, indexing: (any RecordIndexing)? = nil,
        wallClock: @escaping @Sendable () -> UInt64 = systemClock, setUp: (Vault) throws -> Void = { _ in }
    ) throws -> Vault {
        guard !passphrase.isEmpty else { throw VaultError.emptyPassphrase }
        let path = databasePath(in: folder)
        guard !FileManager.default.fileExists(atPath: path) else { throw VaultError.alreadyExists(path: path) }
        try FileManager.default.createDirectory(
            at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let key = SymmetricKey.random()
        let salt = SecureRandom.bytes(PassphraseKDF.saltLength)
        let vaultID = SecureRandom.bytes(16)
        let kdf = cost.kdf
        let kek = try kdf.deriveKey(passphrase: passphrase, salt: salt)
        let signing = SigningKeyPair.generate()
        let header = VaultHeader(
            vaultID: vaultID, device: DeviceIdentity.deviceID(of: signing.publicKey).bytes, kdf: kdf, salt: salt,
            wrappedKey: try KeyWrapping(vaultID: vaultID).wrap(key, with: kek))
        let draft = path + ".draft"
        remove(draft)  // what a killed create left
        let database = try StorageErrors.map { try DatabaseQueue(path: draft, configuration: configuration) }
        _ = try? FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: draft)
        try StorageErrors.map {
            try VaultSchema.migrator.migrate(database)
            try database.write { db in
                try Settings.set("format", Array(VaultSchema.magic.utf8), db)
                try Settings.set("format_version", UInt64(VaultSchema.formatVersion), db)
                try header.save(db)
                let sealing = Sealing(key: key)
                try Settings.set("key_check", try sealing.seal(SecureRandom.bytes(16), context: .keyCheck), db)
                var seed = signing.exportSeed()
                defer { secureZero(&seed) }
                try Settings.set("signing_seed", try sealing.seal(seed, context: .setting("signing_seed")), db)
                try LogChain(sealing: sealing).setHead(LogChain.Head(lastID: 0, link: LogChain.genesis), db)
                try RecordCommitment(sealing: sealing).store([UInt8](repeating: 0, count: RecordCommitment.length), db)
                try Settings.set(SealedFormat.setting, SealedFormat.current, db)
            }
        }
        do {
            try setUp(Vault(folder: folder, database: database, header: header, key: key, indexing: nil, wallClock: wallClock))
            try StorageErrors.map { try database.close() }
        } catch {
            remove(draft)
            throw error
        }
        guard rename(draft, path) == 0 else {
            remove(draft)
            throw VaultError.storage("could not move the new vault into place (errno \(errno))")
        }
        syncDirectory(folder)
        let opened = try StorageErrors.map { try DatabaseQueue(path: path, configuration: configuration) }
        let vault = Vault(folder: folder, database: opened, header: header, key: key, indexing: indexing, wallClock: wallClock)
        try vault.refreshIndex()
        return vault
    }

    /// A database file and its WAL companions.
    private static func remove(_ file: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: file + suffix) }
    }

    /// Makes a rename in `folder` durable.
    static func syncDirectory(_ folder: URL) {
        let descriptor = open(folder.path, O_RDONLY)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    /// The checks at every open that cost no more than a read of the record keys: the log
    /// ends where its head says, and the records are those the commitment names.
    func checkIntegrity() throws {
        try StorageErrors.map {
            try database.read { db in
                let chain = LogChain(sealing: sealing)
                try chain.checkTail(db)
                try RecordCommitment(sealing: sealing).check(db, lastBatch: try chain.head(db)?.lastID ?? 0)
            }
        }
    }

    /// Rebuilds the index when it is missing, stale or of another version (one pass over
    /// every record, once).
    func refreshIndex() throws {
        guard let index else { return }
        guard try !StorageErrors.map({ try database.read { try index.isCurrent($0) } }) else { return }
        guard !database.configuration.readonly else {
            throw VaultError.readOnly(reason: "its index must first be rebuilt (after an upgrade of vp, or a change by one without it), which writes")
        }
        try StorageErrors.map {
            try database.write { db in
                guard try !index.isCurrent(db) else { return }
                try index.rebuild(from: RecordStore(sealing: sealing).loadAll(db), db)
            }
        }
    }

    static var configuration: Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.prepareDatabase { db in
            // A new vault only (an existing one keeps its size). A catch-up writes megabytes
            // of log batches of up to a megabyte each: with larger pages a commit copies
            // and syncs far fewer of them.
            try db.execute(sql: "PRAGMA page_size = 16384")
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            // A committed change survives power loss, not only a crash of vp.
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA secure_delete = ON")
        }
        return configuration
    }

    func verifyKey() throws {
        guard let check = try StorageErrors.map({ try database.read { try Settings.bytes("key_check", $0) } }) else {
            return
        }
        do { _ = try sealing.open(check, context: .keyCheck) } catch { throw VaultError.wrongPassphrase }
    }

    // MARK: Passphrase

    /// Re-wraps the vault key under a new passphrase; content is not re-encrypted.
    public func changePassphrase(to passphrase: [UInt8], kdf cost: PassphraseCost? = nil) throws {
        let updated = try header(wrapping: key, with: passphrase, cost: cost)
        try StorageErrors.map { try database.write { try updated.save($0) } }
    }

    /// This vault's header with `key` wrapped under `passphrase` (a fresh salt; the cost kept
    /// unless another is given).
    func header(wrapping key: SymmetricKey, with passphrase: [UInt8], cost: PassphraseCost?) throws -> VaultHeader {
        guard !passphrase.isEmpty else { throw VaultError.emptyPassphrase }
        let kdf = cost?.kdf ?? header.kdf
        let salt = SecureRandom.bytes(PassphraseKDF.saltLength)
        let kek = try kdf.deriveKey(passphrase: passphrase, salt: salt)
        return VaultHeader(vaultID: header.vaultID, device: header.device, kdf: kdf, salt: salt,
                           wrappedKey: try KeyWrapping(vaultID: header.vaultID).wrap(key, with: kek))
    }

    // MARK: Reading and writing

    /// Every materialised record.
    public func records() throws -> [RecordID: RecordState] {
        try StorageErrors.map { try database.read { try RecordStore(sealing: sealing).loadAll($0) } }
    }

    /// Every record, `chunkSize` at a time, in one read transaction: for listing and
    /// reporting, which read everything but need not hold it all as raw state.
    public func streamRecords(chunkSize: Int = 8_192, _ body: ([RecordID: RecordState]) throws -> Void) throws {
        try StorageErrors.map { try database.read { try RecordStore(sealing: sealing).forEachChunk(of: chunkSize, $0, body) } }
    }

    /// The records `needs` names, found through the index; every record when the vault has
    /// no index.
    public func records(_ needs: RecordNeeds) throws -> [RecordID: RecordState] {
        try StorageErrors.map { try database.read { try load(needs, $0).records } }
    }

    /// Reads what `needs` asks for: through the index when it is current (checked in this
    /// transaction: another process may have written since this vault was opened), else
    /// everything.
    private func load(
        _ needs: RecordNeeds?, _ db: Database, indexIsCurrent: Bool = false
    ) throws -> (records: [RecordID: RecordState], counters: [String: Int], partial: Bool) {
        let store = RecordStore(sealing: sealing)
        guard let needs, let index, try indexIsCurrent || index.isCurrent(db) else { return (try store.loadAll(db), [:], false) }
        var records: [RecordID: RecordState] = [:]
        for id in try index.records(withAnyOf: needs.terms, db).union(needs.records) {
            if let state = try store.load(id, db) { records[id] = state }
        }
        var counters: [String: Int] = [:]
        for name in needs.counters { counters[name] = try index.counter(name, db) }
        return (records, counters, true)
    }

    /// Runs `body` in one write transaction on the records `needs` names (all of them when
    /// nil) and persists the operations it makes. If `body` throws, nothing is written.
    /// `alongside`: sync bookkeeping that belongs to the edit (the key of a case it opens, the
    /// destroy entries of cases it orders destroyed), done in the same transaction once
    /// `body` succeeded.
    public func write<T>(needing needs: RecordNeeds? = nil, alongside: ((SyncLedger) throws -> Void)? = nil,
                         _ body: (inout ChangeSession) throws -> T) throws -> T {
        try StorageErrors.map {
            try database.write { db in
                try ensureCurrentKey(db)
                let store = RecordStore(sealing: sealing)
                try catchUpIndex(db)
                let read = try load(needs, db, indexIsCurrent: true)
                let wall = wallClock()
                // A clock years behind would date edits so they lose to every older one.
                guard wall >= Self.earliestPlausibleClock else { throw VaultError.clockImplausible(milliseconds: wall) }
                let clock = try clock(db)
                guard !clock.isExhausted else { throw VaultError.clockExhausted }
                var session = ChangeSession(
                    records: read.records, clock: clock, wallMilliseconds: wall,
                    makeRecordID: Self.randomRecordID, counters: read.counters, isPartial: read.partial)
                let result = try body(&session)
                try alongside?(SyncLedger(db: db, vault: self))
                guard !session.operations.isEmpty else { return result }
                let batch = try OperationLog(sealing: sealing).append(session.operations, clock: session.clock.last.rawValue, db)
                var touched: [RecordID: RecordState] = [:]
                for id in session.touched { touched[id] = session.records[id]! }
                try store.save(touched, version: batch, db)
                try updateIndex(touched, before: read.records, db)
                return result
            }
        }
    }

    /// Rebuilds a stale index before a write builds on it (another program wrote records
    /// without keeping it since this vault was opened).
    func catchUpIndex(_ db: Database) throws {
        guard let index, try !index.isCurrent(db) else { return }
        try index.rebuild(from: RecordStore(sealing: sealing).loadAll(db), db)
    }

    /// Keeps the index in step with saved records. A vault opened without an indexing leaves
    /// it behind the log position, which the next vault that keeps it notices.
    func updateIndex(_ saved: [RecordID: RecordState], before: [RecordID: RecordState], _ db: Database) throws {
        try index?.update(saved, before: before, db)
    }

    /// Applies operations made elsewhere (used by tests and tools): logs them and updates
    /// the affected records, in one transaction. Already-known operations change nothing.
    public func apply(_ operations: [FieldOperation]) throws {
        guard !operations.isEmpty else { return }
        let batches = stride(from: 0, to: operations.count, by: Self.operationsPerBatch).map {
            EncodedBatch(Array(operations[$0..<min($0 + Self.operationsPerBatch, operations.count)]))
        }
        try StorageErrors.map { try database.write { db in try applyReceived(batches, db) } }
    }

    /// Operations per log entry when a tool or test applies many at once.
    static let operationsPerBatch = 4_096

    /// Logs received batches as they came (one log entry each) and updates the records they
    /// touch. Sealing needs no database, so it runs beside the work that does.
    func applyReceived(_ batches: [EncodedBatch], _ db: Database) throws {
        try catchUpIndex(db)
        let log = OperationLog(sealing: sealing)
        let first = try log.nextID(db)
        let sealedLog = Background { try log.seal(batches.map(\.bytes), firstID: first, remote: true) }
        let store = RecordStore(sealing: sealing)
        let operations = batches.map(\.operations)
        let before = try store.load(Set(operations.joined().lazy.map(\.record)), db)
        let touched = BatchApplication.apply(operations, to: before)
        let version = first + Int64(batches.count) - 1
        let sealedRecords = Background { [touched] in try store.seal(touched, version: version) }
        let latest = operations.joined().lazy.map(\.id.timestamp).max() ?? HybridTimestamp(rawValue: 0)
        let clock = max(try clock(db).last, latest).rawValue
        // The log first: the index records the log position it reflects.
        try log.insert(sealedLog.value(), firstID: first, remote: true, clock: clock, db)
        try updateIndex(touched, before: before, db)
        try store.insert(sealedRecords.value(), db)
    }

    /// How far the operation log reaches: changes whenever anything is written, locally or
    /// received; cheap, so the REPL can tell whether its view is still current.
    public func logPosition() throws -> Int64 {
        try StorageErrors.map { try database.read { try Int64.fetchOne($0, sql: "SELECT MAX(id) FROM batch") ?? 0 } }
    }

    /// The whole operation log, in the order it was written.
    public func operations() throws -> [FieldOperation] {
        try StorageErrors.map { try database.read { try OperationLog(sealing: sealing).all($0) } }
    }

    /// Recomputes every record from the log; the result must equal the stored records.
    public func materialiseFromLog() throws -> [RecordID: RecordState] {
        var state = ReplicaState()
        state.apply(contentsOf: try operations())
        return state.records
    }

    func clock(_ db: Database) throws -> HybridClock {
        let last = try LogChain(sealing: sealing).clock(db) ?? Settings.integer(LogChain.plainClockSetting, db) ?? 0
        return HybridClock(device: device, last: HybridTimestamp(rawValue: last))
    }

    private static func randomRecordID() -> RecordID {
        RecordID(high: SecureRandom.uint64(), low: SecureRandom.uint64())
    }
}

extension Vault {
    /// Deletes the vault files in `folder` (a join that failed half-way).
    public static func remove(in folder: URL) {
        for suffix in ["", "-wal", "-shm"] {
            try? FileManager.default.removeItem(atPath: databasePath(in: folder) + suffix)
        }
    }
}
