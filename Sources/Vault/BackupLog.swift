import Foundation
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
        guard let sealed = try sealedSetting(Self.backupsSetting) else { return [] }
        guard let all = try? JSONDecoder().decode([MadeBackup].self, from: Data(sealed)) else { throw VaultError.damaged(what: "setting backups") }
        return all.filter { FileManager.default.fileExists(atPath: $0.path) }
    }

    /// The backups made before the latest erasure (`erase`): they still hold what it erased.
    public func backupsToRenew() throws -> [MadeBackup] {
        guard let time = try sealedSetting(Self.lastErasureSetting), time.count == 8 else { return [] }
        let erased = BigEndian.uint64(time)
        return try madeBackups().filter { $0.madeAt <= erased }
    }

    /// Notes a backup just written to `path`, replacing an older note of the same path.
    func noteBackup(at path: String) throws {
        let made = MadeBackup(path: path, madeAt: wallClock())
        let kept = try madeBackups().filter { $0.path != path } + [made]
        try setSealedSetting(Self.backupsSetting, Array(try JSONEncoder().encode(kept)))
    }
}
