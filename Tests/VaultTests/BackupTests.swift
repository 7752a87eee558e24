import Cryptography
import Foundation
import Replica
import Testing
@testable import Vault

/// Issue 11, item 6: one encrypted, integrity-checked file of the whole vault, consistent
/// while others write; a restore from a file cut short, altered or made by something else
/// writes nothing and says what is wrong.
@Suite struct BackupTests {
    let passphrase = Array("lange zin voor de kluis".utf8)

    /// A vault with enough records that its backup spans several stream chunks.
    func filledVault(_ folder: TemporaryFolder) throws -> Vault {
        let vault = try Vault.create(in: folder.url.appendingPathComponent("home"), passphrase: passphrase, kdf: .interactive)
        try vault.write { session in
            for number in 0..<400 {
                let id = session.newRecordID()
                session.assign(.string("case"), to: "kind", of: id)
                session.write("Gesprek \(number) over wat er speelt in het team, met wat tekst erbij.", to: "summary", of: id)
            }
        }
        return vault
    }

    func restoredRecords(_ folder: URL) throws -> [RecordID: RecordState] {
        try LockedVault(at: folder).unlock(passphrase: passphrase).records()
    }

    @Test func aBackupRestoresTheSameVaultEvenWhileAnotherWriterWorks() async throws {
        let folder = TemporaryFolder()
        let vault = try filledVault(folder)
        let file = folder.url.appendingPathComponent("kluis.vpbackup")
        // Another writer keeps adding while the backup is made: the copy is one snapshot of them.
        let writer = Task.detached {
            for number in 0..<40 { try vault.write { $0.write("Later \(number)", to: "summary", of: $0.newRecordID()) } }
        }
        let bytes = try vault.backup(to: file)
        try await writer.value
        #expect(bytes > 2 * SealedStream.chunkLength)
        let restored = folder.url.appendingPathComponent("restored")
        try Vault.restore(from: file, into: restored, passphrase: passphrase)
        let reopened = try LockedVault(at: restored).unlock(passphrase: passphrase)
        let records = try reopened.records()
        #expect(records.count >= 400 && records.count <= 440)
        #expect(try reopened.materialiseFromLog() == records)
        #expect(try reopened.identity().signing.publicKey == vault.identity().signing.publicKey)
        // Nothing of the content is readable in the backup file.
        let contents = try Data(contentsOf: file)
        #expect(contents.range(of: Data("Gesprek".utf8)) == nil)
        #expect(!FileManager.default.fileExists(atPath: restored.appendingPathComponent(".restoring").path))
    }

    @Test func aBackupCutShortOrAlteredRestoresNothing() throws {
        let folder = TemporaryFolder()
        let vault = try filledVault(folder)
        let file = folder.url.appendingPathComponent("kluis.vpbackup")
        try vault.backup(to: file)
        let whole = try Data(contentsOf: file)
        let headerLength = Vault.backupHeader(vault.header).count
        let streamStart = headerLength + 24
        let cuts = [5, headerLength - 3, streamStart + 10, streamStart + SealedStream.chunkLength + 17, whole.count - 1]
        for (index, length) in cuts.enumerated() {
            let target = folder.url.appendingPathComponent("cut\(index)")
            let damaged = folder.url.appendingPathComponent("cut\(index).vpbackup")
            try whole.prefix(length).write(to: damaged)
            #expect(throws: (any Error).self) { try Vault.restore(from: damaged, into: target, passphrase: passphrase) }
            #expect(!FileManager.default.fileExists(atPath: Vault.databasePath(in: target)), "cut at \(length)")
            #expect(!FileManager.default.fileExists(atPath: target.appendingPathComponent(".restoring").path))
        }
        // Cut inside the stream: said so.
        let cut = folder.url.appendingPathComponent("cut.vpbackup")
        try whole.prefix(streamStart + SealedStream.chunkLength + 17).write(to: cut)
        #expect(throws: VaultError.backupCutShort(path: cut.path)) {
            try Vault.restore(from: cut, into: folder.url.appendingPathComponent("x"), passphrase: passphrase)
        }
        // One byte changed anywhere in the stream, or bytes added after it: damaged.
        for position in [streamStart + 100, whole.count / 2, whole.count - 5] {
            var altered = whole
            altered[position] ^= 0x40
            let file = folder.url.appendingPathComponent("altered\(position).vpbackup")
            try altered.write(to: file)
            #expect(throws: VaultError.backupDamaged(path: file.path)) {
                try Vault.restore(from: file, into: folder.url.appendingPathComponent("a\(position)"), passphrase: passphrase)
            }
        }
        let extended = folder.url.appendingPathComponent("extended.vpbackup")
        try (whole + Data([1, 2, 3])).write(to: extended)
        #expect(throws: VaultError.backupDamaged(path: extended.path)) {
            try Vault.restore(from: extended, into: folder.url.appendingPathComponent("e"), passphrase: passphrase)
        }
    }

    @Test func aWrongPassphraseAnOccupiedFolderOrAnotherFileAreRefused() throws {
        let folder = TemporaryFolder()
        let vault = try filledVault(folder)
        let file = folder.url.appendingPathComponent("kluis.vpbackup")
        try vault.backup(to: file)
        #expect(throws: VaultError.wrongPassphrase) {
            try Vault.restore(from: file, into: folder.url.appendingPathComponent("w"), passphrase: Array("verkeerde zin".utf8))
        }
        #expect(throws: VaultError.alreadyExists(path: Vault.databasePath(in: vault.folder))) {
            try Vault.restore(from: file, into: vault.folder, passphrase: passphrase)
        }
        let other = folder.url.appendingPathComponent("notes.txt")
        try Data("gewoon een tekstbestand, geen back-up".utf8).write(to: other)
        #expect(throws: VaultError.notABackup(path: other.path)) {
            try Vault.restore(from: other, into: folder.url.appendingPathComponent("n"), passphrase: passphrase)
        }
    }
}
