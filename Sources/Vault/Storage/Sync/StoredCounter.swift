import GRDB

/// A counter kept in a table: `absent` when there is no row, an error when the stored
/// value is not a counter (a default here would weaken the replay and gap checks).
enum StoredCounter {
    static func read(_ sql: String, _ arguments: StatementArguments, absent: UInt64, _ db: Database) throws -> UInt64 {
        guard let row = try Row.fetchOne(db, sql: sql, arguments: arguments) else { return absent }
        guard case .int64(let value) = (row[0] as DatabaseValue).storage, value >= 0 else {
            throw VaultError.damaged(what: "stored value")
        }
        return UInt64(value)
    }
}
