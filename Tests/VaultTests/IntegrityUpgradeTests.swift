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
            try db.execute(sql: "DELETE FROM setting WHERE name IN (?, ?)", arguments: [LogChain.headSetting, RecordCommitment.setting])
        }
    }

    @Test func anOlderVaultIsUpgradedOnceAndThenGuarded() throws {
        let folder = TemporaryFolder()
        let home = folder.url.appendingPathComponent("home")
        let vault = try Vault.create(in: home, passphrase: passphrase, kdf: .interactive, indexing: RecordIndexTests.NameIndex())
        _ = try RecordIndexTests().addRecords(vault, names: (0..<20).map { "naam \($0)" }, numbers: (0..<20).map(Int64.init))
        let operations = try vault.operations()
        let records = try vault.records()
        try downgrade(vault)
        // The older format does not open as the new one...
        #expect(throws: VaultError.self) { try vault.operations() }

        // ...until it is opened once with the key.
        let upgraded = try LockedVault(at: home).unlock(passphrase: passphrase, indexing: RecordIndexTests.NameIndex())
        #expect(try upgraded.operations() == operations)
        #expect(try upgraded.records() == records)
        #expect(try upgraded.database.read { try Int64.fetchOne($0, sql: "SELECT COUNT(*) FROM batch WHERE link IS NULL") } == 0)

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
