import Cryptography
import Foundation
import GRDB
import Identifiers

/// A case key this device holds, with the caseloads it belongs to and, per caseload, the
/// devices known to hold it too (so each is handed it once).
public struct HeldCaseKey: Sendable {
    /// The case's id, which the key certifies (Protocol/sync.md, "Case content and destroy orders").
    public let caseID: [UInt8]
    public let key: SymmetricKey
    public var holders: [CaseloadID: Set<[UInt8]>]

    public init(caseID: [UInt8], key: SymmetricKey, holders: [CaseloadID: Set<[UInt8]>]) {
        (self.caseID, self.key, self.holders) = (caseID, key, holders)
    }
}

/// The `case_key` table, by case id. Deleting a row (with `secure_delete` on) is what
/// destroys the case on this device: what the relay keeps of it opens only with the key.
struct CaseKeyStore {
    let db: Database
    let sealing: Sealing

    /// `key (32) ‖ u32 n ‖ n × (caseload (16) ‖ u32 m ‖ m × device key (32))`.
    func all() throws -> [HeldCaseKey] {
        try Row.fetchAll(db, sql: "SELECT case_id, sealed FROM case_key ORDER BY case_id").map { try decode([UInt8]($0[0] as Data), $0[1]) }
    }

    func find(_ caseID: [UInt8]) throws -> HeldCaseKey? {
        try Row.fetchOne(db, sql: "SELECT case_id, sealed FROM case_key WHERE case_id = ?", arguments: [Data(caseID)])
            .map { try decode(caseID, $0[1]) }
    }

    func find(_ caseIDs: Set<[UInt8]>) throws -> [[UInt8]: HeldCaseKey] {
        var found: [[UInt8]: HeldCaseKey] = [:]
        let ids = Array(caseIDs)
        for start in stride(from: 0, to: ids.count, by: BulkInsert.rowsPerStatement) {
            let some = ids[start..<min(start + BulkInsert.rowsPerStatement, ids.count)].map { Data($0).databaseValue }
            let sql = "SELECT case_id, sealed FROM case_key WHERE case_id IN (" + Array(repeating: "?", count: some.count).joined(separator: ", ") + ")"
            for row in try Row.fetchAll(db, sql: sql, arguments: StatementArguments(some)) {
                let id = [UInt8](row[0] as Data)
                found[id] = try decode(id, row[1])
            }
        }
        return found
    }

    func store(_ held: HeldCaseKey) throws {
        var bytes = held.key.exportBytes() + BigEndian.bytes(of: UInt32(held.holders.count))
        defer { secureZero(&bytes) }
        for (caseload, devices) in held.holders.sorted(by: { $0.key.bytes.lexicographicallyPrecedes($1.key.bytes) }) {
            bytes += caseload.bytes + BigEndian.bytes(of: UInt32(devices.count))
            for device in devices.sorted(by: { $0.lexicographicallyPrecedes($1) }) { bytes += device }
        }
        try db.execute(sql: "INSERT OR REPLACE INTO case_key(case_id, sealed) VALUES (?, ?)",
                       arguments: [Data(held.caseID), Data(try sealing.seal(bytes, context: .caseKey(held.caseID)))])
    }

    func delete(_ caseID: [UInt8]) throws {
        try db.execute(sql: "DELETE FROM case_key WHERE case_id = ?", arguments: [Data(caseID)])
    }

    private func decode(_ caseID: [UInt8], _ sealed: Data) throws -> HeldCaseKey {
        var bytes: [UInt8]
        do { bytes = try sealing.open([UInt8](sealed), context: .caseKey(caseID)) } catch { throw VaultError.damaged(what: "case key") }
        defer { secureZero(&bytes) }
        func damaged() -> VaultError { .damaged(what: "case key") }
        guard bytes.count >= 36, let key = try? SymmetricKey(bytes: Array(bytes[0..<32])) else { throw damaged() }
        var offset = 32
        func u32() throws -> Int {
            guard offset + 4 <= bytes.count else { throw damaged() }
            defer { offset += 4 }
            return Int(BigEndian.uint32(bytes[offset..<offset + 4]))
        }
        func raw(_ count: Int) throws -> [UInt8] {
            guard offset + count <= bytes.count else { throw damaged() }
            defer { offset += count }
            return Array(bytes[offset..<offset + count])
        }
        var holders: [CaseloadID: Set<[UInt8]>] = [:]
        for _ in 0..<(try u32()) {
            let caseload = CaseloadID(bytes: try raw(16))
            var devices: Set<[UInt8]> = []
            for _ in 0..<(try u32()) { devices.insert(try raw(32)) }
            holders[caseload] = devices
        }
        guard offset == bytes.count else { throw damaged() }
        return HeldCaseKey(caseID: caseID, key: key, holders: holders)
    }
}
