import Cryptography
import Foundation
import GRDB
import Identifiers
import Signatures

/// What keeps a record's older sealed value from being put back: each record is sealed with
/// its `version` (the log id of the write that last changed it) in its associated data, and
/// the sealed setting `record_commitment` is the XOR of a MAC (SipHash-2-4, 128 bits: fast
/// enough to check ten thousand records at every open) of every (record key, version) under
/// a key derived from the vault key, kept up to date by every write and checked at every open. A record put back from earlier changes its version and so the commitment; its
/// sealed value alone with a newer version does not open.
struct RecordCommitment {
    static let setting = "record_commitment"
    static let length = 16

    let key: [UInt8]
    let sealing: Sealing

    init(sealing: Sealing) {
        var keyBytes = sealing.key.exportBytes()
        defer { secureZero(&keyBytes) }
        key = Array(Digest.labelled("vertrouwd:record-commitment-key:v1", keyBytes).prefix(16))
        self.sealing = sealing
    }

    /// SipHash(record key (16) ‖ u64 version); the key is the commitment's own.
    func term(_ recordKey: [UInt8], version: Int64) -> [UInt8] {
        Digest.siphash128(recordKey + BigEndian.bytes(of: UInt64(bitPattern: version)), key: key)
    }

    /// The stored commitment; nil for a vault from before it (upgraded at the next open).
    func stored(_ db: Database) throws -> [UInt8]? {
        guard let sealed = try Settings.bytes(Self.setting, db) else { return nil }
        guard let value = try? sealing.open(sealed, context: .setting(Self.setting)), value.count == Self.length else {
            throw VaultError.damaged(what: "record store")
        }
        return value
    }

    func store(_ value: [UInt8], _ db: Database) throws {
        try Settings.set(Self.setting, try sealing.seal(value, context: .setting(Self.setting)), db)
    }

    /// Replaces the terms of `removed` (record key → version it had) by those of `added`.
    func update(removing removed: [([UInt8], Int64)], adding added: [([UInt8], Int64)], _ db: Database) throws {
        guard var value = try stored(db) else { return }
        for (recordKey, version) in removed + added { Self.xor(&value, term(recordKey, version: version)) }
        try store(value, db)
    }

    /// The commitment of every row as stored now.
    func computed(_ db: Database) throws -> [UInt8] { try scan(db).value }

    /// The commitment and the highest version, in one pass over the index on (record_key,
    /// version) alone, not the rows' sealed states.
    private func scan(_ db: Database) throws -> (value: [UInt8], newest: Int64) {
        var value = [UInt8](repeating: 0, count: Self.length)
        var newest: Int64 = 0
        let rows = try Row.fetchCursor(db, sql: "SELECT record_key, version FROM record INDEXED BY record_version")
        while let row = try rows.next() {
            let version: Int64 = row[1]
            Self.xor(&value, term([UInt8](row[0] as Data), version: version))
            newest = max(newest, version)
        }
        return (value, newest)
    }

    /// At every open: the records are those the commitment names, none newer than the log.
    func check(_ db: Database, lastBatch: Int64) throws {
        guard let value = try stored(db) else { return }
        let found = try scan(db)
        guard found.newest <= lastBatch, found.value == value else { throw VaultError.damaged(what: "record store") }
    }

    static func xor(_ value: inout [UInt8], _ other: [UInt8]) {
        for index in value.indices { value[index] ^= other[index] }
    }
}
