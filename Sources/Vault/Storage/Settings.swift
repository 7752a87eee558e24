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
}

import Foundation
