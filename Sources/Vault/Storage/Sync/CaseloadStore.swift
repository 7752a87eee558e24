import Foundation
import GRDB
import Identifiers

/// The `caseload` table: the caseloads this vault takes part in, names sealed.
struct CaseloadStore {
    let db: Database
    let sealing: Sealing

    func all() throws -> [(id: CaseloadID, name: String)] {
        try Row.fetchAll(db, sql: "SELECT caseload, sealed_name FROM caseload").map { row in
            let id = CaseloadID(bytes: [UInt8](row[0] as Data))
            do {
                let name = try sealing.open([UInt8](row[1] as Data), context: .caseloadName(id.bytes))
                return (id: id, name: String(decoding: name, as: UTF8.self))
            } catch {
                throw VaultError.damaged(what: "caseload name")
            }
        }
    }

    func register(_ caseload: CaseloadID, name: String) throws {
        let sealed = try sealing.seal(Array(name.utf8), context: .caseloadName(caseload.bytes))
        try db.execute(sql: "INSERT OR REPLACE INTO caseload(caseload, sealed_name) VALUES (?, ?)",
                       arguments: [Data(caseload.bytes), Data(sealed)])
    }
}
