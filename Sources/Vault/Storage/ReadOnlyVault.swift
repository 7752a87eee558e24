import Foundation
import GRDB

/// Opening a vault whose folder cannot be written: a read-only mount, a copy on a write-
/// protected stick. SQLite in WAL mode would try to create its `-wal` and `-shm` files and
/// fail, so the file is opened immutable; that is only right when no WAL frames are waiting,
/// since an immutable reader ignores them.
enum ReadOnlyVault {
    static func isReadOnly(folder: URL) -> Bool {
        access(folder.path, W_OK) != 0 || access(Vault.databasePath(in: folder), W_OK) != 0
    }

    static func open(path: String, folder: URL) throws -> DatabaseQueue {
        if let size = (try? FileManager.default.attributesOfItem(atPath: path + "-wal"))?[.size] as? Int, size > 0 {
            throw VaultError.readOnly(reason: "its last changes wait in a side file (vault.sqlite-wal) that vp can merge only where it can write")
        }
        var configuration = Configuration()
        configuration.readonly = true
        let escaped = path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path
        return try DatabaseQueue(path: "file:\(escaped)?immutable=1", configuration: configuration)
    }
}

extension Vault {
    /// True when the vault's folder or file cannot be written: it was opened immutable.
    public var isReadOnly: Bool {
        ReadOnlyVault.isReadOnly(folder: folder)
    }
}
