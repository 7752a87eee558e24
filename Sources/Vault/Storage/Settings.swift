import GRDB

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
        return raw.reduce(0) { $0 << 8 | UInt64($1) }
    }

    static func set(_ name: String, _ value: UInt64, _ db: Database) throws {
        try set(name, (0..<8).reversed().map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }, db)
    }
}

import Foundation
