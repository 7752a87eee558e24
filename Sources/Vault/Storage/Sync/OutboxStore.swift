import Foundation
import GRDB
import Identifiers

/// An envelope built but not yet acknowledged by the relay, and how many operations it carries.
public struct OutboxEnvelope: Sendable {
    public let sequence: UInt64
    public let envelope: [UInt8]
    public let operations: Int
}

/// The `outbox` table: envelopes built but not yet acknowledged by the relay.
struct OutboxStore {
    let db: Database

    func add(_ caseload: CaseloadID, sequence: UInt64, envelope: [UInt8], operations: Int) throws {
        try db.execute(sql: "INSERT INTO outbox(caseload, device_sequence, envelope, operations) VALUES (?, ?, ?, ?)",
                       arguments: [Data(caseload.bytes), Int64(sequence), Data(envelope), operations])
    }

    func waiting(_ caseload: CaseloadID) throws -> [OutboxEnvelope] {
        try Row.fetchAll(db, sql: "SELECT device_sequence, envelope, operations FROM outbox WHERE caseload = ? ORDER BY device_sequence",
                         arguments: [Data(caseload.bytes)])
            .map { OutboxEnvelope(sequence: UInt64($0[0] as Int64), envelope: [UInt8]($0[1] as Data), operations: $0[2]) }
    }

    func remove(_ caseload: CaseloadID, through sequence: UInt64) throws {
        try db.execute(sql: "DELETE FROM outbox WHERE caseload = ? AND device_sequence <= ?",
                       arguments: [Data(caseload.bytes), Int64(sequence)])
    }
}
