import Foundation
import GRDB
import Identifiers

/// The `sync_cursor` table: per caseload, how far the relay was read and this device's
/// next envelope number.
struct SyncCursorStore {
    let db: Database

    func nextDeviceSequence(_ caseload: CaseloadID) throws -> UInt64 {
        try StoredCounter.read("SELECT next_device_sequence FROM sync_cursor WHERE caseload = ?", [Data(caseload.bytes)], absent: 1, db)
    }

    func setNextDeviceSequence(_ caseload: CaseloadID, _ sequence: UInt64) throws {
        try ensure(caseload)
        try db.execute(sql: "UPDATE sync_cursor SET next_device_sequence = ? WHERE caseload = ?",
                       arguments: [Int64(sequence), Data(caseload.bytes)])
    }

    func pulledThrough(_ caseload: CaseloadID) throws -> UInt64 {
        try StoredCounter.read("SELECT pulled_through FROM sync_cursor WHERE caseload = ?", [Data(caseload.bytes)], absent: 0, db)
    }

    func setPulledThrough(_ caseload: CaseloadID, _ sequence: UInt64) throws {
        try ensure(caseload)
        try db.execute(sql: "UPDATE sync_cursor SET pulled_through = ? WHERE caseload = ?", arguments: [Int64(sequence), Data(caseload.bytes)])
    }

    private func ensure(_ caseload: CaseloadID) throws {
        try db.execute(sql: "INSERT OR IGNORE INTO sync_cursor(caseload) VALUES (?)", arguments: [Data(caseload.bytes)])
    }
}
