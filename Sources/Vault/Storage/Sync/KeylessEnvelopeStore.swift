import Foundation
import GRDB
import Identifiers

/// The `keyless_envelope` table: case content envelopes already checked and counted (their
/// numbers are seen) whose case key this device does not hold yet. Kept as received
/// (signed ciphertext) until the key arrives in a drop.
struct KeylessEnvelopeStore {
    let db: Database

    /// Check 4 lets each envelope through once, so each is kept once.
    func add(_ caseload: CaseloadID, caseID: [UInt8], envelope: [UInt8]) throws {
        try db.execute(sql: "INSERT INTO keyless_envelope(caseload, case_id, envelope) VALUES (?, ?, ?)",
                       arguments: [Data(caseload.bytes), Data(caseID), Data(envelope)])
    }

    /// Those of `caseload` whose case key is now in `case_key`, oldest first.
    func unlocked(_ caseload: CaseloadID) throws -> [(id: Int64, caseID: [UInt8], envelope: [UInt8])] {
        try Row.fetchAll(db, sql: """
            SELECT id, case_id, envelope FROM keyless_envelope WHERE caseload = ? AND case_id IN (SELECT case_id FROM case_key) ORDER BY id
            """, arguments: [Data(caseload.bytes)]).map { ($0[0], [UInt8]($0[1] as Data), [UInt8]($0[2] as Data)) }
    }

    func remove(caseID: [UInt8]) throws {
        try db.execute(sql: "DELETE FROM keyless_envelope WHERE case_id = ?", arguments: [Data(caseID)])
    }

    func remove(_ id: Int64) throws {
        try db.execute(sql: "DELETE FROM keyless_envelope WHERE id = ?", arguments: [id])
    }
}
