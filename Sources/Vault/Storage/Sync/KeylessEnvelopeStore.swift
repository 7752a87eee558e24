import Foundation
import GRDB
import Identifiers

/// The `keyless_envelope` table: case content envelopes already checked and counted (their
/// numbers are seen) whose case key this device does not hold yet. Kept as received
/// (signed ciphertext) until the key arrives in a drop.
struct KeylessEnvelopeStore {
    let db: Database

    /// Keeps it once: a relay serving the same envelope again adds nothing.
    func add(_ caseload: CaseloadID, caseID: [UInt8], envelope: [UInt8]) throws {
        try db.execute(sql: """
            INSERT INTO keyless_envelope(caseload, case_id, envelope) SELECT ?, ?, ?
            WHERE NOT EXISTS (SELECT 1 FROM keyless_envelope WHERE caseload = ? AND envelope = ?)
            """, arguments: [Data(caseload.bytes), Data(caseID), Data(envelope), Data(caseload.bytes), Data(envelope)])
    }

    /// Those of `caseload` whose case key is now in `case_key`, oldest first.
    func unlocked(_ caseload: CaseloadID) throws -> [(id: Int64, envelope: [UInt8])] {
        try Row.fetchAll(db, sql: """
            SELECT id, envelope FROM keyless_envelope WHERE caseload = ? AND case_id IN (SELECT case_id FROM case_key) ORDER BY id
            """, arguments: [Data(caseload.bytes)]).map { ($0[0], [UInt8]($0[1] as Data)) }
    }

    /// Every case id some envelope waits for.
    func caseIDs() throws -> Set<[UInt8]> {
        Set(try Data.fetchAll(db, sql: "SELECT DISTINCT case_id FROM keyless_envelope").map { [UInt8]($0) })
    }

    func remove(caseID: [UInt8]) throws {
        try db.execute(sql: "DELETE FROM keyless_envelope WHERE case_id = ?", arguments: [Data(caseID)])
    }

    func remove(_ id: Int64) throws {
        try db.execute(sql: "DELETE FROM keyless_envelope WHERE id = ?", arguments: [id])
    }
}
