import Cryptography
import Foundation
import GRDB
import Identifiers
import Signatures

/// The operation log as a chain. Each batch row carries `link`: a BLAKE2b MAC (under a key
/// derived from the vault key) of the previous row's link, its own id and `remote` flag and
/// its plaintext. A sealed head names the last id and its link. A batch deleted, duplicated,
/// moved, changed or flipped to `remote` breaks the chain; that is damage (76), never history.
/// What the chain cannot see: the whole file put back as it was earlier (a copy with its own
/// head), which is what restoring a backup is.
struct LogChain {
    static let headSetting = "log_head"
    static let genesis = [UInt8](repeating: 0, count: 32)

    struct Head: Equatable {
        var lastID: Int64
        var link: [UInt8]
    }

    let key: [UInt8]
    let sealing: Sealing

    init(sealing: Sealing) {
        var keyBytes = sealing.key.exportBytes()
        defer { secureZero(&keyBytes) }
        key = Digest.labelled("vertrouwd:log-chain-key:v1", keyBytes)
        self.sealing = sealing
    }

    /// `digest`: BLAKE2b-256 of the batch's plaintext.
    func link(after previous: [UInt8], id: Int64, remote: Bool, digest: [UInt8]) -> [UInt8] {
        Digest.keyed(Array("vertrouwd:log-link:v1".utf8) + [0] + previous + BigEndian.bytes(of: UInt64(id)) + [remote ? 1 : 0] + digest, key: key)
    }

    /// The sealed head; nil for a log written before the chain (upgraded at the next open).
    func head(_ db: Database) throws -> Head? {
        try stored(db)?.head
    }

    /// The device's hybrid clock as of the last batch, sealed with the head so that the
    /// time of the last change cannot be read without the passphrase; nil in a head written
    /// before it was kept there (the clock was then a plain setting).
    func clock(_ db: Database) throws -> UInt64? {
        try stored(db)?.clock
    }

    /// `last id (8) ‖ link (32)`, and since the clock moved in, `‖ clock (8)`.
    private func stored(_ db: Database) throws -> (head: Head, clock: UInt64?)? {
        guard let sealed = try Settings.bytes(Self.headSetting, db) else { return nil }
        guard let bytes = try? sealing.open(sealed, context: .setting(Self.headSetting)), bytes.count == 40 || bytes.count == 48 else {
            throw VaultError.damaged(what: "operation log")
        }
        let head = Head(lastID: Int64(bitPattern: BigEndian.uint64(Array(bytes.prefix(8)))), link: Array(bytes[8..<40]))
        return (head, bytes.count == 48 ? BigEndian.uint64(Array(bytes.suffix(8))) : nil)
    }

    /// Writes the head; `clock` nil keeps the one it holds (or the plain setting of a vault
    /// from before, which is then removed).
    func setHead(_ head: Head, clock: UInt64? = nil, _ db: Database) throws {
        // A head that does not open is damage, never a reason to start the clock again.
        let kept = try clock ?? stored(db)?.clock ?? Settings.integer(Self.plainClockSetting, db) ?? 0
        let bytes = BigEndian.bytes(of: UInt64(bitPattern: head.lastID)) + head.link + BigEndian.bytes(of: kept)
        try Settings.set(Self.headSetting, try sealing.seal(bytes, context: .setting(Self.headSetting)), db)
        try db.execute(sql: "DELETE FROM setting WHERE name = ?", arguments: [Self.plainClockSetting])
    }

    /// Where vaults kept the clock, unsealed, before it moved into the head.
    static let plainClockSetting = "clock"

    /// The cheap check at every open: the last row is the one the head names.
    func checkTail(_ db: Database) throws {
        guard let head = try head(db) else { return }
        let last = try Row.fetchOne(db, sql: "SELECT id, link FROM batch ORDER BY id DESC LIMIT 1")
        let id: Int64 = last?[0] ?? 0
        let link = (last?[1] as Data?).map { [UInt8]($0) } ?? Self.genesis
        guard id == head.lastID, link == head.link else { throw VaultError.damaged(what: "operation log") }
    }

    /// The link of the row before `id` (the genesis value before the first).
    func link(before id: Int64, _ db: Database) throws -> [UInt8] {
        try (Data.fetchOne(db, sql: "SELECT link FROM batch WHERE id < ? ORDER BY id DESC LIMIT 1", arguments: [id])).map { [UInt8]($0) } ?? Self.genesis
    }

    /// Seals the whole log again with each batch's place in it and links it from the start,
    /// then writes the head: after re-keying, and once for a log written before the chain
    /// (`legacy`: its batches sealed the old way).
    func relink(_ db: Database, from old: Sealing? = nil, legacy: Bool = false) throws {
        let opener = old ?? sealing
        // Read under the key the head was sealed with: after re-keying that is the old one.
        let clock = try LogChain(sealing: opener).clock(db) ?? Settings.integer(Self.plainClockSetting, db)
        var previous = Self.genesis
        var lastID: Int64 = 0
        var after: Int64 = .min
        // A thousand rows at a time: a large log need not be in memory at once.
        while true {
            let rows = try Row.fetchAll(db, sql: "SELECT id, sealed, remote FROM batch WHERE id > ? ORDER BY id LIMIT 1000", arguments: [after])
            guard let lastRow = rows.last else { break }
            for row in rows {
                let id: Int64 = row[0]
                let remote: Bool = row[2]
                let plaintext: [UInt8]
                do {
                    plaintext = try opener.open([UInt8](row[1] as Data), context: legacy ? .legacyBatch : .batch(id: id, remote: remote))
                } catch {
                    throw VaultError.damaged(what: "operation log")
                }
                previous = link(after: previous, id: id, remote: remote, digest: Digest.blake2b(plaintext))
                try db.execute(sql: "UPDATE batch SET sealed = ?, link = ? WHERE id = ?",
                               arguments: [Data(try sealing.seal(plaintext, context: .batch(id: id, remote: remote))), Data(previous), id])
                lastID = id
            }
            after = lastRow[0]
        }
        try setHead(Head(lastID: lastID, link: previous), clock: clock ?? 0, db)
    }
}
