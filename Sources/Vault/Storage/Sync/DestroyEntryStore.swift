import Foundation
import GRDB
import Identifiers

/// A `destroy` membership entry this device is to append (Protocol/sync.md, "Destroy
/// (membership action 5)"): the case it destroyed and the tag key by which the relay finds
/// that case's envelopes in `caseload` and cuts them to stubs. Kept from the destruction until
/// the next sync has appended it.
public struct DestroyEntry: Sendable, Equatable {
    public let caseload: CaseloadID
    public let caseID: [UInt8]
    public let tagKey: [UInt8]

    public init(caseload: CaseloadID, caseID: [UInt8], tagKey: [UInt8]) {
        (self.caseload, self.caseID, self.tagKey) = (caseload, caseID, tagKey)
    }
}

/// The `destroy_entry` table: the tag key sealed (before it is published it still tells which
/// envelopes belong to one case), by caseload and case id.
struct DestroyEntryStore {
    let db: Database
    let sealing: Sealing

    func add(_ entry: DestroyEntry) throws {
        let sealed = try sealing.seal(entry.tagKey, context: .destroyEntry(entry.caseload.bytes + entry.caseID))
        try db.execute(sql: "INSERT OR IGNORE INTO destroy_entry(caseload, case_id, sealed) VALUES (?, ?, ?)",
                       arguments: [Data(entry.caseload.bytes), Data(entry.caseID), Data(sealed)])
    }

    func all() throws -> [DestroyEntry] {
        try Row.fetchAll(db, sql: "SELECT caseload, case_id, sealed FROM destroy_entry ORDER BY caseload, case_id").map { row in
            let caseload = CaseloadID(bytes: [UInt8](row[0] as Data)), caseID = [UInt8](row[1] as Data)
            let tagKey: [UInt8]
            do { tagKey = try sealing.open([UInt8](row[2] as Data), context: .destroyEntry(caseload.bytes + caseID)) } catch {
                throw VaultError.damaged(what: "destroy entry")
            }
            return DestroyEntry(caseload: caseload, caseID: caseID, tagKey: tagKey)
        }
    }

    func remove(_ entry: DestroyEntry) throws {
        try db.execute(sql: "DELETE FROM destroy_entry WHERE caseload = ? AND case_id = ?", arguments: [Data(entry.caseload.bytes), Data(entry.caseID)])
    }
}
