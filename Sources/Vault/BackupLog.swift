import Foundation
import GRDB
import Identifiers

/// The backups this vault wrote (path and time, sealed in the settings): a destruction
/// cannot reach into them, so `vp retention` names those made before it, to be renewed.
extension Vault {
    public struct MadeBackup: Sendable, Codable, Equatable {
        public let path: String
        /// Unix milliseconds.
        public let madeAt: UInt64
    }

    static let backupsSetting = "backups"

    /// Every backup written from this vault whose file is still there, oldest first.
    public func madeBackups() throws -> [MadeBackup] {
        try StorageErrors.map { try database.read { try noted($0) } }.filter { FileManager.default.fileExists(atPath: $0.path) }
    }

    /// The backups made before the latest erasure (`erase`): they still hold what it erased.
    public func backupsToRenew() throws -> [MadeBackup] {
        guard let time = try sealedSetting(Self.lastErasureSetting), time.count == 8 else { return [] }
        let erased = BigEndian.uint64(time)
        return try madeBackups().filter { $0.madeAt <= erased }
    }

    /// Notes a backup about to be moved into place at `path`, begun at `madeAt` (so an
    /// erasure while it was written counts as after it), replacing an older note of the
    /// same path; read and written in one transaction, so two backups at once both stay.
    func noteBackup(at path: String, madeAt: UInt64) throws {
        try StorageErrors.map {
            try database.write { db in
                let kept = try noted(db).filter { $0.path != path } + [MadeBackup(path: path, madeAt: madeAt)]
                let name = Self.backupsSetting
                try Settings.set(name, try sealing.seal(Array(try JSONEncoder().encode(kept)), context: .setting(name)), db)
            }
        }
    }

    private func noted(_ db: Database) throws -> [MadeBackup] {
        guard let sealed = try Settings.bytes(Self.backupsSetting, db) else { return [] }
        guard let opened = try? sealing.open(sealed, context: .setting(Self.backupsSetting)),
              let all = try? JSONDecoder().decode([MadeBackup].self, from: Data(opened))
        else { throw VaultError.damaged(what: "setting backups") }
        return all
    }
}
