import Foundation
import GRDB
import Identifiers

/// The `author_sequence` table: the last envelope number accepted per author and caseload.
struct AuthorSequenceStore {
    let db: Database

    func last(_ caseload: CaseloadID, author: [UInt8]) throws -> UInt64 {
        try StoredCounter.read("SELECT last FROM author_sequence WHERE caseload = ? AND author = ?",
                               [Data(caseload.bytes), Data(author)], absent: 0, db)
    }

    func setLast(_ caseload: CaseloadID, author: [UInt8], _ sequence: UInt64) throws {
        try db.execute(sql: """
            INSERT INTO author_sequence(caseload, author, last) VALUES (?, ?, ?)
            ON CONFLICT(caseload, author) DO UPDATE SET last = excluded.last
            """, arguments: [Data(caseload.bytes), Data(author), Int64(sequence)])
    }
}
