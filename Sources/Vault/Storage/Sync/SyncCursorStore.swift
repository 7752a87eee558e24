import Foundation
import GRDB
import Identifiers

/// The `sync_cursor` table: per caseload, how far the relay was read and this device's
/// next envelope number (both sealed counters).
struct SyncCursorStore {
    let db: Database
    let sealing: Sealing

    var pulled: StoredCounter { StoredCounter(sealing: sealing, column: "sync_cursor.pulled_through") }
    var next: StoredCounter { StoredCounter(sealing: sealing, column: "sync_cursor.next_device_sequence") }

    func nextDeviceSequence(_ caseload: CaseloadID) throws -> UInt64 {
        try next.read("SELECT next_device_sequence FROM sync_cursor WHERE caseload = ?", [Data(caseload.bytes)], key: caseload.bytes, absent: 1, db)
    }

    func setNextDeviceSequence(_ caseload: CaseloadID, _ sequence: UInt64) throws {
        try ensure(caseload)
        try db.execute(sql: "UPDATE sync_cursor SET next_device_sequence = ? WHERE caseload = ?",
                       arguments: [try next.sealed(sequence, key: caseload.bytes), Data(caseload.bytes)])
    }

    func pulledThrough(_ caseload: CaseloadID) throws -> UInt64 {
        try pulled.read("SELECT pulled_through FROM sync_cursor WHERE caseload = ?", [Data(caseload.bytes)], key: caseload.bytes, absent: 0, db)
    }

    func setPulledThrough(_ caseload: CaseloadID, _ sequence: UInt64) throws {
        try ensure(caseload)
        try db.execute(sql: "UPDATE sync_cursor SET pulled_through = ? WHERE caseload = ?",
                       arguments: [try pulled.sealed(sequence, key: caseload.bytes), Data(caseload.bytes)])
    }

    /// A new row starts where an absent one reads: nothing pulled, the first number next.
    private func ensure(_ caseload: CaseloadID) throws {
        try db.execute(sql: "INSERT OR IGNORE INTO sync_cursor(caseload, pulled_through, next_device_sequence) VALUES (?, ?, ?)",
                       arguments: [Data(caseload.bytes), try pulled.sealed(0, key: caseload.bytes), try next.sealed(1, key: caseload.bytes)])
    }
}
