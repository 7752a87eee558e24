import Cryptography
import Foundation
import GRDB
import Replica
import Testing
@testable import Vault

/// Issue 13, item 1: a vault written before the log chain and record versions (batches and
/// records sealed the old way, no head, no commitment) is brought up to them at its first
/// open with the key, holds the same, and is then guarded like a new one.
@Suite struct IntegrityUpgradeTests {
    let passphrase = Array("lange zin voor de kluis".utf8)

    /// Turns `vault`'s file back into the older format, as an older vp wrote it.
    func downgrade(_ vault: Vault) throws {
        try vault.database.write { db in
            // The clock was a plain setting.
            try Settings.set(LogChain.plainClockSetting, try vault.clock(db).last.rawValue, db)
            for row in try Row.fetchAll(db, sql: "SELECT id, sealed, remote FROM batch") {
                let plaintext = try vault.sealing.open([UInt8](row[1] as Data), context: .batch(id: row[0], remote: row[2]))
                try db.execute(sql: "UPDATE batch SET sealed = ?, link = NULL WHERE id = ?",
                               arguments: [Data(try vault.sealing.seal(plaintext, context: .legacyBatch)), row[0] as Int64])
            }
            for row in try Row.fetchAll(db, sql: "SELECT record_key, sealed, version FROM record") {
                let key = [UInt8](row[0] as Data)
                let plaintext = try vault.sealing.open([UInt8](row[1] as Data), context: .record(key, version: row[2]))
                try db.execute(sql: "UPDATE record SET sealed = ?, version = 0 WHERE record_key = ?",
                               arguments: [Data(try vault.sealing.seal(plaintext, context: .legacyRecord(key))), Data(key)])
            }
            try db.execute(sql: "DELETE FROM setting WHERE name IN (?, ?, ?)", arguments: [LogChain.headSetting, RecordCommitment.setting, SealedFormat.setting])
        }
    }

    /// Turns `vault`'s blobs back into how vp sealed them before they were padded.
    func unpad(_ vault: Vault) throws {
        try vault.database.write { db in
            for row in try Row.fetchAll(db, sql: "SELECT id, sealed, remote FROM batch") {
                let plaintext = try vault.sealing.open([UInt8](row[1] as Data), context: .batch(id: row[0], remote: row[2]))
                try db.execute(sql: "UPDATE batch SET sealed = ? WHERE id = ?",
                               arguments: [Data(try vault.sealing.seal(plaintext, context: .unpaddedBatch(id: row[0], remote: row[2]))), row[0] as Int64])
            }
            for row in try Row.fetchAll(db, sql: "SELECT record_key, sealed, version FROM record") {
                let key = [UInt8](row[0] as Data)
                let plaintext = try vault.sealing.open([UInt8](row[1] as Data), context: .record(key, version: row[2]))
                try db.execute(sql: "UPDATE record SET sealed = ? WHERE record_key = ?",
                               arguments: [Data(try vault.sealing.seal(plaintext, context: .unpaddedRecord(key, version: row[2]))), Data(key)])
            }
            try db.execute(sql: "DELETE FROM setting WHERE name = ?", arguments: [SealedFormat.setting])
        }
    }

    /// Every record and batch blob has a padded length.
    func allPadded(_ vault: Vault) throws -> Bool {
        try vault.database.read { db in
            let lengths = try Int.fetchAll(db, sql: "SELECT length(sealed) FROM record UNION ALL SELECT length(sealed) FROM batch")
            return !lengths.isEmpty && lengths.allSatisfy { length in
                let padded = length - SecretBox.overhead
                return padded >= BlobPadding.minimum && BlobPadding.size(for: padded - 4) == padded
            }
        }
    }

    /// Issue 13, item 6: record and batch lengths followed what was written. They are
    /// padded now; a vault sealed before is padded at its first open, holding the same.
    @Test func blobsArePaddedAndAnUnpaddedVaultIsPaddedAtItsFirstOpen() throws {
        let folder = TemporaryFolder()
        let home = folder.url.appendingPathComponent("home")
        let vault = try Vault.create(in: home, passphrase: passphrase, kdf: .interactive, indexing: RecordIndexTests.NameIndex())
        let names = (0..<40).map { String(repeating: "x", count: $0 * 37) }
        _ = try RecordIndexTests().addRecords(vault, names: names, numbers: (0..<40).map(Int64.init))
        #expect(try allPadded(vault))
        let operations = try vault.operations()
        let records = try vault.records()
        try unpad(vault)
        #expect(try !allPadded(vault))
        let upgraded = try LockedVault(at: home).unlock(passphrase: passphrase, indexing: RecordIndexTests.NameIndex())
        #expect(try allPadded(upgraded))
        #expect(try upgraded.operations() == operations)
        #expect(try upgraded.records() == records)
        // The marker cannot send a padded vault down the old path: its blobs no longer open.
        try upgraded.database.write { try $0.execute(sql: "DELETE FROM setting WHERE name = ?", arguments: [SealedFormat.setting]) }
        #expect(throws: VaultError.self) { try LockedVault(at: home).unlock(passphrase: passphrase) }
    }

    @Test func anOlderVaultIsUpgradedOnceAndThenGuarded() throws {
        let folder = TemporaryFolder()
        let home = folder.url.appendingPathComponent("home")
        let vault = try Vault.create(in: home, passphrase: passphrase, kdf: .interactive, indexing: RecordIndexTests.NameIndex())
        _ = try RecordIndexTests().addRecords(vault, names: (0..<20).map { "naam \($0)" }, numbers: (0..<20).map(Int64.init))
        let operations = try vault.operations()
        let records = try vault.records()
        let clock = try vault.database.read { try vault.clock($0).last }
        #expect(clock.rawValue > 0)
        // Issue 13, item 6: the time of the last change is not readable without the key.
        #expect(try vault.database.read { try Settings.bytes(LogChain.plainClockSetting, $0) } == nil)
        try downgrade(vault)
        // The older format does not open as the new one...
        #expect(throws: VaultError.self) { try vault.operations() }

        // ...until it is opened once with the key.
        let upgraded = try LockedVault(at: home).unlock(passphrase: passphrase, indexing: RecordIndexTests.NameIndex())
        #expect(try upgraded.operations() == operations)
        #expect(try upgraded.records() == records)
        #expect(try upgraded.database.read { try Int64.fetchOne($0, sql: "SELECT COUNT(*) FROM batch WHERE link IS NULL") } == 0)
        // The plain clock moved into the sealed head, unchanged.
        #expect(try upgraded.database.read { try Settings.bytes(LogChain.plainClockSetting, $0) } == nil)
        #expect(try upgraded.database.read { try upgraded.clock($0).last } == clock)

        // A record put back from before the next write is found at the next open.
        let saved = try upgraded.database.read { try Row.fetchAll($0, sql: "SELECT record_key, sealed, version FROM record") }
        let changed = try #require(records.keys.first)
        try upgraded.write { $0.assign(.string("anders"), to: "name", of: changed) }
        try upgraded.database.write { db in
            for row in saved {
                try db.execute(sql: "UPDATE record SET sealed = ?, version = ? WHERE record_key = ?", arguments: [row[1], row[2], row[0]])
            }
        }
        #expect(throws: VaultError.damaged(what: "record store")) { try LockedVault(at: home).unlock(passphrase: passphrase) }
    }
}

/// The padded sizes `Protocol/vault.md` gives as vectors, and the framing round trip.
@Suite struct BlobPaddingTests {
    @Test(arguments: [(0, 256), (252, 256), (253, 512), (4092, 4096), (4093, 4352), (10000, 10240)])
    func sizesAreThoseOfTheProtocol(length: Int, size: Int) {
        #expect(BlobPadding.size(for: length) == size)
        let plaintext = [UInt8](repeating: 7, count: length)
        let padded = BlobPadding.pad(plaintext)
        #expect(padded.count == size && BlobPadding.unpad(padded) == plaintext)
    }

    @Test func aPaddedBlobThatIsNotWhatPadMakesIsRefused() {
        var padded = BlobPadding.pad([1, 2, 3])
        padded[200] = 1
        #expect(BlobPadding.unpad(padded) == nil)
        #expect(BlobPadding.unpad([0, 0, 1, 0] + [UInt8](repeating: 0, count: 252)) == nil)
    }
}
