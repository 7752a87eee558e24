import GRDB

/// Turns SQLite failures into vault errors at the edge of the module.
enum StorageErrors {
    static func map<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            // A file cut short or overwritten is damage, not a disk to free.
            if error.resultCode == .SQLITE_NOTADB || error.resultCode == .SQLITE_CORRUPT { throw VaultError.damaged(what: "database file") }
            if error.resultCode == .SQLITE_READONLY { throw VaultError.readOnly(reason: nil) }
            throw VaultError.storage(error.message ?? "\(error.resultCode)")
        } catch is RowDecodingError {
            // A stored value of the wrong type: the file was changed outside vp.
            throw VaultError.damaged(what: "stored value")
        }
    }
}
