import GRDB

/// Inserts many rows with few statements: a catch-up writes thousands of rows, and a
/// statement per row costs more than the rows themselves.
struct BulkInsert {
    /// Up to `VALUES `, e.g. `INSERT OR IGNORE INTO t(a, b) VALUES `.
    let head: String
    /// What follows the rows, e.g. an `ON CONFLICT` clause; may be empty.
    var tail = ""
    let columns: Int
    static let rowsPerStatement = 250

    /// `values` holds the rows one after the other, `columns` values each.
    func run(_ values: [DatabaseValue], _ db: Database) throws {
        let row = "(" + Array(repeating: "?", count: columns).joined(separator: ", ") + ")"
        var start = 0
        while start < values.count {
            let end = min(start + Self.rowsPerStatement * columns, values.count)
            let sql = head + Array(repeating: row, count: (end - start) / columns).joined(separator: ", ") + tail
            try db.cachedStatement(sql: sql).execute(arguments: StatementArguments(values[start..<end]))
            start = end
        }
    }
}
