import Cryptography
import Foundation
import GRDB
import Identifiers
import Replica
import Testing
@testable import Vault

/// Issue 13, item 3: `vp passwd` kept the vault key, so an old copy plus the old passphrase
/// opened everything written after the change. `--rekey` seals everything anew.
@Suite struct RekeyTests {
    let old = Array("lange zin voor de kluis".utf8)
    let new = Array("een heel andere lange zin".utf8)

    @Test func aRekeyedVaultHoldsTheSameAndTheOldKeyOpensNothingInIt() throws {
        let folder = TemporaryFolder()
        let vault = try Vault.create(in: folder.url.appendingPathComponent("home"), passphrase: old, kdf: .interactive,
                                     indexing: RecordIndexTests.NameIndex())
        _ = try RecordIndexTests().addRecords(vault, names: (0..<30).map { "naam \($0)" }, numbers: (0..<30).map(Int64.init))
        let caseload = CaseloadID(bytes: Array(repeating: 7, count: 16))
        let epochKey = SymmetricKey.random()
        var clock = HybridClock(device: DeviceID(rawValue: 9))
        let ahead = FieldOperation(id: clock.tick(wallMilliseconds: 1_900_000_000_000), record: RecordID(high: 1, low: 2), field: "name",
                                   change: .assign(.string("later")))
        try vault.syncTransaction { ledger in
            try ledger.registerCaseload(caseload, name: "Team Noord")
            try ledger.storeEpochKey(caseload, epoch: 3, key: epochKey)
            try ledger.holdBack([ahead], caseload: caseload)
            try ledger.deferOperations([ahead], caseload: caseload)
        }
        let records = try vault.records()
        let identity = try vault.identity().signing.publicKey
        let oldKey = try vault.header.unlock(passphrase: old)

        try vault.rekey(to: new)

        // The vault object that still holds the old key can no longer write.
        #expect(throws: VaultError.keyChanged) { try vault.write { $0.assign(.string("x"), to: "name", of: $0.newRecordID()) } }
        #expect(throws: VaultError.wrongPassphrase) { try LockedVault(at: vault.folder).unlock(passphrase: old) }
        let reopened = try LockedVault(at: vault.folder).unlock(passphrase: new, indexing: RecordIndexTests.NameIndex())
        #expect(try reopened.records() == records)
        #expect(try reopened.materialiseFromLog() == records)
        #expect(try reopened.identity().signing.publicKey == identity)
        #expect(try reopened.records(RecordNeeds(terms: ["name:naam 7"])).count == 1)
        try reopened.syncTransaction { (ledger: SyncLedger) throws in
            #expect(try ledger.caseloads().map(\.name) == ["Team Noord"])
            #expect(try ledger.epochKeys(caseload)[3]?.exportBytes() == epochKey.exportBytes())
            #expect(try ledger.takeDeferred(caseload) == [ahead])
            #expect(try Set(ledger.heldOperations(caseload).map(\.record)) == [ahead.record])
        }

        // Nothing sealed in the file opens with the old key any more.
        let database = try DatabaseQueue(path: Vault.databasePath(in: vault.folder))
        let sealed = try database.read { db in
            try [String](["SELECT sealed FROM batch", "SELECT sealed FROM record", "SELECT sealed FROM caseload_key",
                          "SELECT sealed_name FROM caseload", "SELECT sealed FROM held_operation", "SELECT value FROM setting"])
                .flatMap { try Data.fetchAll(db, sql: $0) }
        }
        #expect(sealed.count > 40)
        for blob in sealed {
            #expect((try? SecretBox.open([UInt8](blob), key: oldKey, associatedData: Array("vertrouwd:batch:v1".utf8))) == nil)
        }
        let oldSealing = Sealing(key: oldKey)
        let check = try database.read { try Settings.bytes("key_check", $0) }!
        #expect((try? oldSealing.open(check, context: .keyCheck)) == nil)
        let firstBatch = try database.read { try Row.fetchOne($0, sql: "SELECT sealed, id, remote FROM batch ORDER BY id LIMIT 1") }!
        #expect((try? oldSealing.open([UInt8](firstBatch[0] as Data), context: .batch(id: firstBatch[1], remote: firstBatch[2]))) == nil)
    }
}
