import Foundation
import GRDB
import Identifiers

/// The `author_sequence` and `author_gap` tables: per author and caseload, the highest
/// envelope number accepted and the lower numbers not received yet (a relay that reorders
/// or withholds leaves them open; an envelope filling one is accepted, not a replay).
struct AuthorSequenceStore {
    let db: Database
    let sealing: Sealing

    /// `last` is a sealed counter, bound to its caseload and author.
    var counter: StoredCounter { StoredCounter(sealing: sealing, column: "author_sequence.last") }

    func last(_ caseload: CaseloadID, author: [UInt8]) throws -> UInt64 {
        try counter.read("SELECT last FROM author_sequence WHERE caseload = ? AND author = ?",
                         [Data(caseload.bytes), Data(author)], key: caseload.bytes + author, absent: 0, db)
    }

    func setLast(_ caseload: CaseloadID, author: [UInt8], _ sequence: UInt64) throws {
        try db.execute(sql: """
            INSERT INTO author_sequence(caseload, author, last) VALUES (?, ?, ?)
            ON CONFLICT(caseload, author) DO UPDATE SET last = excluded.last
            """, arguments: [Data(caseload.bytes), Data(author), try counter.sealed(sequence, key: caseload.bytes + author)])
    }

    /// The highest number accepted from every author of the caseload.
    func highest(_ caseload: CaseloadID) throws -> [(author: [UInt8], sequence: UInt64)] {
        try Row.fetchAll(db, sql: "SELECT author, last FROM author_sequence WHERE caseload = ?", arguments: [Data(caseload.bytes)]).map { row in
            let author = [UInt8](row[0] as Data)
            return (author, try counter.open(row[1], key: caseload.bytes + author))
        }
    }

    func addGap(_ caseload: CaseloadID, author: [UInt8], from first: UInt64, to last: UInt64) throws {
        try db.execute(sql: "INSERT INTO author_gap(caseload, author, first, last) VALUES (?, ?, ?, ?)",
                       arguments: [Data(caseload.bytes), Data(author), Int64(first), Int64(last)])
    }

    /// Takes `sequence` out of the open gap holding it; false when no gap holds it (seen before).
    func fillGap(_ caseload: CaseloadID, author: [UInt8], _ sequence: UInt64) throws -> Bool {
        let key: [DatabaseValueConvertible] = [Data(caseload.bytes), Data(author)]
        guard let row = try Row.fetchOne(db, sql: "SELECT first, last FROM author_gap WHERE caseload = ? AND author = ? AND first <= ? AND last >= ?",
                                         arguments: StatementArguments(key + [Int64(sequence), Int64(sequence)])) else { return false }
        let first = UInt64(row[0] as Int64), last = UInt64(row[1] as Int64)
        try db.execute(sql: "DELETE FROM author_gap WHERE caseload = ? AND author = ? AND first = ?", arguments: StatementArguments(key + [Int64(first)]))
        if first < sequence { try addGap(caseload, author: author, from: first, to: sequence - 1) }
        if sequence < last { try addGap(caseload, author: author, from: sequence + 1, to: last) }
        return true
    }

    /// The open gaps of one author.
    func gaps(_ caseload: CaseloadID, author: [UInt8]) throws -> [(first: UInt64, last: UInt64)] {
        try Row.fetchAll(db, sql: "SELECT first, last FROM author_gap WHERE caseload = ? AND author = ? ORDER BY first",
                         arguments: [Data(caseload.bytes), Data(author)]).map { (UInt64($0[0] as Int64), UInt64($0[1] as Int64)) }
    }

    /// Every open gap, oldest caseload and author first.
    func gaps() throws -> [(caseload: CaseloadID, author: [UInt8], first: UInt64, last: UInt64)] {
        try Row.fetchAll(db, sql: "SELECT caseload, author, first, last FROM author_gap ORDER BY caseload, author, first").map {
            (CaseloadID(bytes: [UInt8]($0[0] as Data)), [UInt8]($0[1] as Data), UInt64($0[2] as Int64), UInt64($0[3] as Int64))
        }
    }
}
