import Cryptography
import Foundation
import GRDB
import Identifiers

/// The `caseload_key` table: every epoch key of each caseload, sealed.
struct CaseloadKeyStore {
    let db: Database
    let sealing: Sealing

    func keys(_ caseload: CaseloadID) throws -> [UInt32: SymmetricKey] {
        var keys: [UInt32: SymmetricKey] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT epoch, sealed FROM caseload_key WHERE caseload = ?", arguments: [Data(caseload.bytes)]) {
            let epoch = UInt32(row[0] as Int64)
            do {
                var bytes = try sealing.open([UInt8](row[1] as Data), context: .caseloadKey(caseload.bytes, epoch))
                defer { secureZero(&bytes) }
                keys[epoch] = try SymmetricKey(bytes: bytes)
            } catch {
                throw VaultError.damaged(what: "caseload key")
            }
        }
        return keys
    }

    func store(_ caseload: CaseloadID, epoch: UInt32, key: SymmetricKey) throws {
        var bytes = key.exportBytes()
        defer { secureZero(&bytes) }
        let sealed = try sealing.seal(bytes, context: .caseloadKey(caseload.bytes, epoch))
        try db.execute(sql: "INSERT OR REPLACE INTO caseload_key(caseload, epoch, sealed) VALUES (?, ?, ?)",
                       arguments: [Data(caseload.bytes), Int64(epoch), Data(sealed)])
    }
}
