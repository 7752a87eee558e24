import Foundation
import GRDB
import Identifiers

/// The `pending_envelope` table: envelopes of current writers that commit to a longer
/// membership log than the relay shows this device. Kept as received (signed ciphertext)
/// and judged again after every membership fetch; while any waits, the caseload's log is
/// in doubt and this device writes nothing new there.
struct PendingEnvelopeStore {
    let db: Database

    /// Keeps it once: a relay serving the same envelope again adds nothing.
    func add(_ caseload: CaseloadID, envelope: [UInt8]) throws {
        try db.execute(sql: """
            INSERT INTO pending_envelope(caseload, envelope) SELECT ?, ?
            WHERE NOT EXISTS (SELECT 1 FROM pending_envelope WHERE caseload = ? AND envelope = ?)
            """, arguments: [Data(caseload.bytes), Data(envelope), Data(caseload.bytes), Data(envelope)])
    }

    func all(_ caseload: CaseloadID) throws -> [(id: Int64, envelope: [UInt8])] {
        try Row.fetchAll(db, sql: "SELECT id, envelope FROM pending_envelope WHERE caseload = ? ORDER BY id", arguments: [Data(caseload.bytes)])
            .map { ($0[0], [UInt8]($0[1] as Data)) }
    }

    func remove(_ id: Int64) throws {
        try db.execute(sql: "DELETE FROM pending_envelope WHERE id = ?", arguments: [id])
    }
}
