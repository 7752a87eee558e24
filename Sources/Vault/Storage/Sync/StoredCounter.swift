import Foundation
import GRDB
import Identifiers

/// A counter kept in a table, sealed under the vault key and bound to its place (`column`
/// and the row's key), so that how much was synced is not readable without the passphrase.
/// `absent` when there is no row; an error when the stored value is not such a counter (a
/// default here would weaken the replay and gap checks).
struct StoredCounter {
    let sealing: Sealing
    /// `table.column`, as named in the associated data.
    let column: String

    func read(_ sql: String, _ arguments: StatementArguments, key: [UInt8], absent: UInt64, _ db: Database) throws -> UInt64 {
        guard let row = try Row.fetchOne(db, sql: sql, arguments: arguments) else { return absent }
        return try open(row[0], key: key)
    }

    func open(_ stored: DatabaseValue, key: [UInt8]) throws -> UInt64 {
        guard case .blob(let sealed) = stored.storage, let value = try? sealing.open([UInt8](sealed), context: .syncCounter(column, key: key)),
              value.count == 8 else {
            throw VaultError.damaged(what: "stored value")
        }
        return BigEndian.uint64(value)
    }

    func sealed(_ value: UInt64, key: [UInt8]) throws -> Data {
        Data(try sealing.seal(BigEndian.bytes(of: value), context: .syncCounter(column, key: key)))
    }
}
