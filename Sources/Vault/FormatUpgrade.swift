import Foundation
import GRDB

/// How far a vault's contents are sealed, kept in the plain setting `sealed_format` (it is
/// read before anything opens): 1, records and batches padded; 2, membership entries and
/// sync and index positions sealed too. Set lower on a tampered file, the upgrade finds
/// blobs that do not open as the older format and the vault is damaged (76), never read
/// the old way.
enum SealedFormat {
    static let setting = "sealed_format"
    static let current: UInt64 = 2
    /// Plain integer settings that level 2 seals.
    static let sealedAtLevel2 = [SyncLedger.pushedThrough, RecordIndex.versionSetting, RecordIndex.positionSetting]
}

/// What an older vp wrote is brought up to this version's format once, at the first open
/// with the key, in one transaction.
extension Vault {
    func upgradeFormatOnce() throws {
        try StorageErrors.map {
            try database.write { db in
                let chain = LogChain(sealing: sealing)
                let commitment = RecordCommitment(sealing: sealing)
                let level = try Settings.integer(SealedFormat.setting, db) ?? 0
                guard level < SealedFormat.current else { return }
                let padded = level >= 1
                // Before the log chain: batches sealed without their place, no head.
                if try chain.head(db) == nil {
                    try chain.relink(db, legacy: true)
                } else if !padded {
                    try padBatches(db)
                }
                // The clock of a vault from before it was sealed into the head moves there.
                if let head = try chain.head(db), try chain.clock(db) == nil { try chain.setHead(head, db) }
                // Before record versions: records sealed with their key only, no commitment.
                if try commitment.stored(db) == nil {
                    try resealRecords(db, from: { key, _ in .legacyRecord(key) }, version: chain.head(db)?.lastID ?? 0)
                    try commitment.store(try commitment.computed(db), db)
                } else if !padded {
                    try resealRecords(db, from: { key, version in .unpaddedRecord(key, version: version) }, version: nil)
                }
                if level < 2 {
                    try sealMembershipEntries(db)
                    try sealIntegerSettings(db)
                }
                try Settings.set(SealedFormat.setting, SealedFormat.current, db)
            }
        }
    }

    /// Membership entries were kept in plain.
    private func sealMembershipEntries(_ db: Database) throws {
        for row in try Row.fetchAll(db, sql: "SELECT caseload, sequence, entry FROM membership_entry") {
            let caseload = [UInt8](row[0] as Data)
            let sequence: Int64 = row[1]
            try db.execute(sql: "UPDATE membership_entry SET entry = ? WHERE caseload = ? AND sequence = ?",
                           arguments: [Data(try sealing.seal([UInt8](row[2] as Data), context: .membership(caseload, sequence: sequence))),
                                       Data(caseload), sequence])
        }
    }

    /// Positions and counts that were plain 8-byte integers.
    private func sealIntegerSettings(_ db: Database) throws {
        let names = try String.fetchAll(db, sql: "SELECT name FROM setting WHERE name LIKE ?", arguments: [SyncLedger.committedMembership + "%"])
        for name in SealedFormat.sealedAtLevel2 + names {
            guard let value = try Settings.integer(name, db) else { continue }
            try Settings.setSealed(name, value, sealing: sealing, db)
        }
    }

    /// Seals every record anew (padded, with `version`, or the one it has when nil).
    private func resealRecords(_ db: Database, from old: ([UInt8], Int64) -> Sealing.Context, version: Int64?) throws {
        for row in try Row.fetchAll(db, sql: "SELECT record_key, sealed, version FROM record") {
            let key = [UInt8](row[0] as Data)
            let stored: Int64 = row[2]
            guard let plaintext = try? sealing.open([UInt8](row[1] as Data), context: old(key, stored)) else {
                throw VaultError.damaged(what: "record store")
            }
            let kept = version ?? stored
            try db.execute(sql: "UPDATE record SET sealed = ?, version = ? WHERE record_key = ?",
                           arguments: [Data(try sealing.seal(plaintext, context: .record(key, version: kept))), kept, Data(key)])
        }
    }

    /// Seals every batch anew, padded; its plaintext, and so its link, stay the same.
    private func padBatches(_ db: Database) throws {
        for row in try Row.fetchAll(db, sql: "SELECT id, sealed, remote FROM batch") {
            let id: Int64 = row[0]
            let remote: Bool = row[2]
            guard let plaintext = try? sealing.open([UInt8](row[1] as Data), context: .unpaddedBatch(id: id, remote: remote)) else {
                throw VaultError.damaged(what: "operation log")
            }
            try db.execute(sql: "UPDATE batch SET sealed = ? WHERE id = ?",
                           arguments: [Data(try sealing.seal(plaintext, context: .batch(id: id, remote: remote))), id])
        }
    }
}
