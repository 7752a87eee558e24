import Cryptography
import Foundation
import GRDB
import Identifiers
import Signatures

/// One encrypted, integrity-checked file holding a whole vault (Protocol/vault.md, Backups):
/// a readable header (what unlocking needs: vault id, passphrase cost, salt, wrapped key),
/// then a consistent copy of the database sealed as one stream under a key derived from
/// the vault key. Restoring needs the passphrase the vault had when the backup was made.
extension Vault {
    static let backupMagic = Array("VPBACKUP".utf8)
    static let backupVersion: UInt8 = 1

    /// Writes a backup of this vault to `file` (replaced only once complete); other commands
    /// may write meanwhile: the copy is one consistent snapshot. Returns its size in bytes.
    @discardableResult
    public func backup(to file: URL) throws -> Int {
        let snapshot = file.path + ".snapshot"
        let partial = file.path + ".partial"
        for path in [snapshot, partial] { try? FileManager.default.removeItem(atPath: path) }
        let madeAt = wallClock()
        defer { for path in [snapshot, partial] { try? FileManager.default.removeItem(atPath: path) } }
        // VACUUM INTO reads one snapshot and writes a compact copy without the WAL.
        try StorageErrors.map { try database.writeWithoutTransaction { try $0.execute(sql: "VACUUM INTO ?", arguments: [snapshot]) } }
        guard FileManager.default.createFile(atPath: partial, contents: nil, attributes: [.posixPermissions: 0o600]),
              let output = FileHandle(forWritingAtPath: partial), let input = FileHandle(forReadingAtPath: snapshot)
        else { throw VaultError.storage("could not write \(file.path)") }
        do {
            defer { try? output.close(); try? input.close() }
            let header = Self.backupHeader(self.header)
            try output.write(contentsOf: header)
            try SealedStream.seal(from: input, to: output, key: Self.backupKey(key), associatedData: header)
            try output.synchronize()
        } catch {
            throw VaultError.storage("could not write \(file.path) (\(error.localizedDescription))")
        }
        // Noted first: a backup in place is always one `vp retention` knows of (a vault that
        // cannot be written, on a read-only mount, can still be copied, but not note it).
        if !isReadOnly { try noteBackup(at: file.standardizedFileURL.path, madeAt: madeAt) }
        guard rename(partial, file.path) == 0 else { throw VaultError.storage("could not move the backup into place at \(file.path)") }
        Self.syncDirectory(file.deletingLastPathComponent())
        return (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
    }

    /// Rebuilds the vault in `folder` (which must hold none) from a backup; nothing is left
    /// behind if the file is cut short, altered or not a backup.
    public static func restore(from file: URL, into folder: URL, passphrase: [UInt8]) throws {
        let path = databasePath(in: folder)
        guard !FileManager.default.fileExists(atPath: path) else { throw VaultError.alreadyExists(path: path) }
        guard let input = FileHandle(forReadingAtPath: file.path) else { throw VaultError.noBackup(path: file.path) }
        defer { try? input.close() }
        let (header, headerBytes) = try readBackupHeader(input, path: file.path)
        let key = try header.unlock(passphrase: passphrase)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let draftFolder = folder.appendingPathComponent(".restoring")
        try? FileManager.default.removeItem(at: draftFolder)  // what a killed restore left
        defer { try? FileManager.default.removeItem(at: draftFolder) }
        try FileManager.default.createDirectory(at: draftFolder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        let draft = databasePath(in: draftFolder)
        guard FileManager.default.createFile(atPath: draft, contents: nil, attributes: [.posixPermissions: 0o600]),
              let output = FileHandle(forWritingAtPath: draft)
        else { throw VaultError.storage("could not write in \(folder.path)") }
        do {
            defer { try? output.close() }
            try SealedStream.open(from: input, to: output, key: backupKey(key), associatedData: headerBytes)
            try output.synchronize()
        } catch SealedStream.Failure.cutShort {
            throw VaultError.backupCutShort(path: file.path)
        } catch SealedStream.Failure.damaged {
            throw VaultError.backupDamaged(path: file.path)
        }
        do {
            try verifyRestored(draftFolder, header: header, key: key)
        } catch let error as VaultError where error != .wrongPassphrase {
            throw VaultError.backupDamaged(path: file.path)
        }
        guard rename(draft, path) == 0 else { throw VaultError.storage("could not move the restored vault into place (errno \(errno))") }
        syncDirectory(folder)
    }

    /// The restored copy must be this vault, open with its key and pass SQLite's own check.
    private static func verifyRestored(_ draftFolder: URL, header: VaultHeader, key: SymmetricKey) throws {
        let locked = try LockedVault(at: draftFolder)
        guard locked.header.vaultID == header.vaultID, locked.header.wrappedKey == header.wrappedKey else {
            throw VaultError.backupDamaged(path: draftFolder.path)
        }
        let vault = try locked.open(key: key)
        let check = try StorageErrors.map { try vault.database.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") } }
        guard check == "ok" else { throw VaultError.backupDamaged(path: draftFolder.path) }
        try StorageErrors.map { try vault.database.close() }
    }

    private static func backupKey(_ key: SymmetricKey) throws -> SymmetricKey {
        try SymmetricKey(bytes: key.withUnsafeBytes { Digest.keyed(Array("vertrouwd:backup:v1".utf8), key: Array($0)) })
    }

    /// "VPBACKUP" ‖ u8 version ‖ vault id (16) ‖ u64 kdf_ops ‖ u64 kdf_mem ‖ salt (16) ‖ u16 n ‖ wrapped key (n).
    static func backupHeader(_ header: VaultHeader) -> [UInt8] {
        backupMagic + [backupVersion] + header.vaultID + BigEndian.bytes(of: header.kdf.opsLimit) + BigEndian.bytes(of: header.kdf.memLimit)
            + header.salt + [UInt8(header.wrappedKey.count >> 8), UInt8(header.wrappedKey.count & 0xFF)] + header.wrappedKey
    }

    private static func readBackupHeader(_ input: FileHandle, path: String) throws -> (VaultHeader, [UInt8]) {
        let fixed = backupMagic.count + 1 + 16 + 8 + 8 + PassphraseKDF.saltLength + 2
        let start = [UInt8](try input.read(upToCount: fixed) ?? Data())
        guard start.count == fixed, Array(start.prefix(backupMagic.count)) == backupMagic else { throw VaultError.notABackup(path: path) }
        guard start[backupMagic.count] == backupVersion else { throw VaultError.newerFormat(path: path) }
        var offset = backupMagic.count + 1
        func take(_ count: Int) -> [UInt8] { defer { offset += count }; return Array(start[offset..<offset + count]) }
        let vaultID = take(16), ops = BigEndian.uint64(take(8)), mem = BigEndian.uint64(take(8)), salt = take(PassphraseKDF.saltLength)
        let length = take(2).reduce(0) { $0 << 8 | Int($1) }
        let wrapped = [UInt8](try input.read(upToCount: length) ?? Data())
        guard wrapped.count == length else { throw VaultError.backupCutShort(path: path) }
        let kdf = PassphraseKDF(opsLimit: ops, memLimit: mem)
        guard kdf.isWithinBounds else { throw VaultError.backupDamaged(path: path) }
        // The device id is not needed to unlock; the restored file carries its own.
        return (VaultHeader(vaultID: vaultID, device: [], kdf: kdf, salt: salt, wrappedKey: wrapped), start + wrapped)
    }
}
