import Foundation
import GRDB
import Identifiers

/// The `membership_entry` table: each caseload's verified membership log (public data).
struct MembershipEntryStore {
    let db: Database

    func entries(_ caseload: CaseloadID) throws -> [[UInt8]] {
        try Data.fetchAll(db, sql: "SELECT entry FROM membership_entry WHERE caseload = ? ORDER BY sequence",
                          arguments: [Data(caseload.bytes)]).map { [UInt8]($0) }
    }

    func append(_ caseload: CaseloadID, sequence: UInt64, entry: [UInt8]) throws {
        try db.execute(sql: "INSERT INTO membership_entry(caseload, sequence, entry) VALUES (?, ?, ?)",
                       arguments: [Data(caseload.bytes), Int64(sequence), Data(entry)])
    }
}
