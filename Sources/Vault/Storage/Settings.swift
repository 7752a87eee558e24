import GRDB
import Identifiers

/// Typed access to the `setting` table.
enum Settings {
    static func bytes(_ name: String, _ db: Database) throws -> [UInt8]? {
        try Data.fetchOne(db, sql: "SELECT value FROM setting WHERE name = ?", arguments: [name]).map { [UInt8]($0) }
    }

    static func set(_ name: String, _ value: [UInt8], _ db: Database) throws {
        try db.execute(
            sql: "INSERT INTO setting(name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value",
            arguments: [name, Data(value)])
    }

    static func integer(_ name: String, _ db: Database) throws -> UInt64? {
        guard let raw = try bytes(name, db), raw.count == 8 else { return nil }
        return BigEndian.uint64(raw)
    }

    static func set(_ name: String, _ value: UInt64, _ db: Database) throws {
        try set(name, BigEndian.bytes(of: value), db)
    }

    /// An integer sealed under the vault key, bound to its name: counters and positions that
    /// would tell, without the passphrase, how much was done and synced.
    static func sealedInteger(_ name: String, sealing: Sealing, _ db: Database) throws -> UInt64? {
        guard let sealed = try bytes(name, db) else { return nil }
        guard let value = try? sealing.open(sealed, context: .setting(name)), value.count == 8 else {
            throw VaultError.damaged(what: "setting \(name)")
        }
        return BigEndian.uint64(value)
    }

    static func setSealed(_ name: String, _ value: UInt64, sealing: Sealing, _ db: Database) throws {
        try set(name, try sealing.seal(BigEndian.bytes(of: value), context: .setting(name)), db)
    }
}

import Foundation
