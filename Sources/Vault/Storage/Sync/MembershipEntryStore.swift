import Foundation
import GRDB
import Identifiers

/// The `membership_entry` table: each caseload's verified membership log. The logs are
/// public to the caseload and its relay, but a stolen laptop need not tell who the
/// counsellor works with, their keys and when they joined: entries are sealed (padded)
/// with their caseload and place.
struct MembershipEntryStore {
    let db: Database
    let sealing: Sealing

    func entries(_ caseload: CaseloadID) throws -> [[UInt8]] {
        try Row.fetchAll(db, sql: "SELECT sequence, entry FROM membership_entry WHERE caseload = ? ORDER BY sequence",
                         arguments: [Data(caseload.bytes)]).map { row in
            guard let entry = try? sealing.open([UInt8](row[1] as Data), context: .membership(caseload.bytes, sequence: row[0])) else {
                throw VaultError.damaged(what: "membership log")
            }
            return entry
        }
    }

    func append(_ caseload: CaseloadID, sequence: UInt64, entry: [UInt8]) throws {
        let sealed = try sealing.seal(entry, context: .membership(caseload.bytes, sequence: Int64(sequence)))
        try db.execute(sql: "INSERT INTO membership_entry(caseload, sequence, entry) VALUES (?, ?, ?)",
                       arguments: [Data(caseload.bytes), Int64(sequence), Data(sealed)])
    }
}
