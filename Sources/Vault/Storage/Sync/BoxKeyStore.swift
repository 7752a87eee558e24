import Cryptography
import Foundation
import GRDB
import Identifiers

/// Which of a device's published X25519 keys: one-time keys are used once, by one sender;
/// the last-resort key by anyone without a one-time key left (Protocol/sync.md, "Control envelopes").
public enum BoxKeyKind: UInt8, Sendable {
    case oneTime = 1, lastResort = 2
}

/// A private half this device keeps for one of its published keys.
public struct OwnBoxKey: Sendable {
    /// The row, to delete it by.
    public let id: Int64
    public let kind: BoxKeyKind
    /// The device allowed to use a one-time key (nil for the last-resort key).
    public let sender: [UInt8]?
    public let number: UInt32
    /// Unix milliseconds after which no sender uses it.
    public let notAfter: UInt64
    public let pair: BoxKeyPair
}

/// The `box_key` table: private halves of this device's published keys, each sealed with
/// its kind, sender, number and expiry (nothing of them is readable without the passphrase).
struct BoxKeyStore {
    let db: Database
    let sealing: Sealing

    /// `kind (1) ‖ sender (32, zeros for last resort) ‖ u32 number ‖ u64 not after ‖ private half (32)`.
    private static let length = 1 + 32 + 4 + 8 + 32

    func all(_ caseload: CaseloadID) throws -> [OwnBoxKey] {
        try Row.fetchAll(db, sql: "SELECT id, sealed FROM box_key WHERE caseload = ? ORDER BY id", arguments: [Data(caseload.bytes)]).map { row in
            var bytes: [UInt8]
            do { bytes = try sealing.open([UInt8](row[1] as Data), context: .boxKey(caseload.bytes)) } catch { throw VaultError.damaged(what: "box key") }
            defer { secureZero(&bytes) }
            guard bytes.count == Self.length, let kind = BoxKeyKind(rawValue: bytes[0]), let pair = try? BoxKeyPair(secretKey: Array(bytes[45...])) else {
                throw VaultError.damaged(what: "box key")
            }
            let sender = Array(bytes[1..<33])
            return OwnBoxKey(id: row[0], kind: kind, sender: kind == .oneTime ? sender : nil, number: BigEndian.uint32(bytes[33..<37]),
                             notAfter: BigEndian.uint64(bytes[37..<45]), pair: pair)
        }
    }

    func add(_ caseload: CaseloadID, kind: BoxKeyKind, sender: [UInt8]?, number: UInt32, notAfter: UInt64, pair: BoxKeyPair) throws {
        var secret = pair.exportSecretKey()
        var bytes = [kind.rawValue] + (sender ?? [UInt8](repeating: 0, count: 32)) + BigEndian.bytes(of: number)
            + BigEndian.bytes(of: notAfter) + secret
        defer { secureZero(&secret); secureZero(&bytes) }
        try db.execute(sql: "INSERT INTO box_key(caseload, sealed) VALUES (?, ?)",
                       arguments: [Data(caseload.bytes), Data(try sealing.seal(bytes, context: .boxKey(caseload.bytes)))])
    }

    /// With `secure_delete` on, the cell holding the sealed half is zeroed.
    func delete(_ id: Int64) throws {
        try db.execute(sql: "DELETE FROM box_key WHERE id = ?", arguments: [id])
    }
}
