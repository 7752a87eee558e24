import Foundation
import GRDB
import Identifiers

/// The `outbox` table: envelopes built but not yet acknowledged by the relay.
struct OutboxStore {
    let db: Database

    func add(_ caseload: CaseloadID, sequence: UInt64, envelope: [UInt8]) throws {
        try db.execute(sql: "INSERT INTO outbox(caseload, device_sequence, envelope) VALUES (?, ?, ?)",
                       arguments: [Data(caseload.bytes), Int64(sequence), Data(envelope)])
    }

    func waiting(_ caseload: CaseloadID) throws -> [(sequence: UInt64, envelope: [UInt8])] {
        try Row.fetchAll(db, sql: "SELECT device_sequence, envelope FROM outbox WHERE caseload = ? ORDER BY device_sequence",
                         arguments: [Data(caseload.bytes)])
            .map { (sequence: UInt64($0[0] as Int64), envelope: [UInt8]($0[1] as Data)) }
    }

    func remove(_ caseload: CaseloadID, through sequence: UInt64) throws {
        try db.execute(sql: "DELETE FROM outbox WHERE caseload = ? AND device_sequence <= ?",
                       arguments: [Data(caseload.bytes), Int64(sequence)])
    }
}
