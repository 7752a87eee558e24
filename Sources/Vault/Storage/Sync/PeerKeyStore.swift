import Foundation
import GRDB
import Identifiers

/// A key another device of a caseload published for this one to seal case keys to.
public struct PeerBoxKey: Sendable {
    /// The row, to delete it by once used.
    public let id: Int64
    /// The device that published it (and alone holds its private half).
    public let publisher: [UInt8]
    public let kind: BoxKeyKind
    public let number: UInt32
    public let publicKey: [UInt8]
    public let notAfter: UInt64

    public init(publisher: [UInt8], kind: BoxKeyKind, number: UInt32, publicKey: [UInt8], notAfter: UInt64) {
        (id, self.publisher, self.kind, self.number, self.publicKey, self.notAfter) = (0, publisher, kind, number, publicKey, notAfter)
    }

    init(id: Int64, _ key: PeerBoxKey) {
        (self.id, publisher, kind, number, publicKey, notAfter) = (id, key.publisher, key.kind, key.number, key.publicKey, key.notAfter)
    }
}

/// The `peer_key` table: keys other devices published for this one, sealed (which devices
/// this one exchanges with is not readable without the passphrase).
struct PeerKeyStore {
    let db: Database
    let sealing: Sealing

    /// `publisher (32) ‖ kind (1) ‖ u32 number ‖ public key (32) ‖ u64 not after`.
    private static let length = 32 + 1 + 4 + 32 + 8

    func all(_ caseload: CaseloadID) throws -> [PeerBoxKey] {
        try Row.fetchAll(db, sql: "SELECT id, sealed FROM peer_key WHERE caseload = ? ORDER BY id", arguments: [Data(caseload.bytes)]).map { row in
            guard let bytes = try? sealing.open([UInt8](row[1] as Data), context: .peerKey(caseload.bytes)), bytes.count == Self.length,
                  let kind = BoxKeyKind(rawValue: bytes[32]) else {
                throw VaultError.damaged(what: "peer key")
            }
            let key = PeerBoxKey(publisher: Array(bytes[0..<32]), kind: kind, number: BigEndian.uint32(bytes[33..<37]),
                                 publicKey: Array(bytes[37..<69]), notAfter: BigEndian.uint64(bytes[69..<77]))
            return PeerBoxKey(id: row[0], key)
        }
    }

    func add(_ caseload: CaseloadID, _ key: PeerBoxKey) throws {
        let bytes = key.publisher + [key.kind.rawValue] + BigEndian.bytes(of: key.number) + key.publicKey + BigEndian.bytes(of: key.notAfter)
        try db.execute(sql: "INSERT INTO peer_key(caseload, sealed) VALUES (?, ?)",
                       arguments: [Data(caseload.bytes), Data(try sealing.seal(bytes, context: .peerKey(caseload.bytes)))])
    }

    func delete(_ id: Int64) throws {
        try db.execute(sql: "DELETE FROM peer_key WHERE id = ?", arguments: [id])
    }
}
