import Foundation
import GRDB
import Identifiers
import Replica

/// Operations kept aside, sealed, in groups, until they may go on:
/// - `held`: other devices' operations dated too far ahead of this device's clock. Applied
///   (a date in the future would win every later edit) only once the clock has caught up.
/// - `deferred`: this device's own operations for a caseload whose membership log is in
///   doubt (a colleague wrote under entries the relay does not show). Sealed into envelopes
///   once the log is whole again, so nothing is written under a log that may be forked.
struct WaitingOperationStore {
    enum Purpose: String {
        case held = "held_operation"
        case deferred = "deferred_operation"
    }

    let db: Database
    let sealing: Sealing
    let purpose: Purpose

    struct Group {
        let id: Int64
        let caseload: CaseloadID
        let operations: [FieldOperation]
        /// The date of the latest operation, Unix milliseconds.
        var latest: UInt64 { operations.map(\.id.timestamp.milliseconds).max() ?? 0 }
    }

    func add(_ operations: [FieldOperation], caseload: CaseloadID) throws {
        let sealed = try sealing.seal(FieldOperation.encode(operations), context: context(caseload))
        try db.execute(sql: "INSERT INTO \(purpose.rawValue)(caseload, sealed) VALUES (?, ?)", arguments: [Data(caseload.bytes), Data(sealed)])
    }

    /// Every group, oldest first.
    func groups() throws -> [Group] {
        try Row.fetchAll(db, sql: "SELECT id, caseload, sealed FROM \(purpose.rawValue) ORDER BY id").map { row in
            let caseload = CaseloadID(bytes: [UInt8](row[1] as Data))
            do {
                return Group(id: row[0], caseload: caseload,
                             operations: try FieldOperation.decodeBatch(sealing.open([UInt8](row[2] as Data), context: context(caseload))))
            } catch {
                throw VaultError.damaged(what: "waiting operations")
            }
        }
    }

    /// Takes every operation on `records` out of the waiting groups (a group left empty is
    /// deleted); returns how many were taken out, per record.
    func remove(touching records: Set<RecordID>) throws -> [RecordID: Int] {
        var removed: [RecordID: Int] = [:]
        for group in try groups() {
            let kept = group.operations.filter { !records.contains($0.record) }
            guard kept.count < group.operations.count else { continue }
            for operation in group.operations where records.contains(operation.record) { removed[operation.record, default: 0] += 1 }
            if kept.isEmpty {
                try remove(group)
            } else {
                let sealed = try sealing.seal(FieldOperation.encode(kept), context: context(group.caseload))
                try db.execute(sql: "UPDATE \(purpose.rawValue) SET sealed = ? WHERE id = ?", arguments: [Data(sealed), group.id])
            }
        }
        return removed
    }

    func remove(_ group: Group) throws {
        try db.execute(sql: "DELETE FROM \(purpose.rawValue) WHERE id = ?", arguments: [group.id])
    }

    private func context(_ caseload: CaseloadID) -> Sealing.Context {
        switch purpose {
        case .held: .held(caseload.bytes)
        case .deferred: .deferred(caseload.bytes)
        }
    }
}
