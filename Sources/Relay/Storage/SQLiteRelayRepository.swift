import Foundation
import GRDB
import Identifiers
import Signatures
import WireFormat

/// The default relay storage: one SQLite file (`relay.sqlite`, WAL) in the data folder.
public struct SQLiteRelayRepository: RelayRepository {
    let database: DatabasePool

    public init(directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        database = try DatabasePool(path: directory.appendingPathComponent("relay.sqlite").path, configuration: configuration)
        try Self.migrator.migrate(database)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "membership") { table in
                table.column("caseload", .blob).notNull()
                table.column("sequence", .integer).notNull()
                table.column("entry", .blob).notNull()
                table.primaryKey(["caseload", "sequence"])
            }
            // Per caseload: the last sequence number given out and the bytes stored.
            try db.create(table: "caseload") { table in
                table.primaryKey("caseload", .blob)
                table.column("last_sequence", .integer).notNull()
                table.column("stored_bytes", .integer).notNull()
            }
            try db.create(table: "envelope") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("caseload", .blob).notNull()
                table.column("sequence", .integer).notNull()
                table.column("envelope_id", .blob).notNull().unique()
                table.column("author", .blob).notNull()
                table.column("device_sequence", .integer).notNull()
                table.column("data", .blob).notNull()
                table.uniqueKey(["caseload", "sequence"])
            }
            try db.create(table: "nonce") { table in
                table.column("device", .blob).notNull()
                table.column("nonce", .text).notNull()
                table.column("expires", .integer).notNull()
                table.primaryKey(["device", "nonce"])
            }
            try db.create(index: "nonce_expiry", on: "nonce", columns: ["expires"])
            try db.create(table: "link") { table in
                table.primaryKey("link_id", .blob)
                table.column("creator", .blob).notNull()
                table.column("expires", .integer).notNull()
                table.column("request", .blob)
                table.column("response", .blob)
            }
        }
        migrator.registerMigration("v2-author-index") { db in
            // Readers ask for the envelopes of one author they miss (gaps).
            try db.create(index: "envelope_author", on: "envelope", columns: ["caseload", "author", "device_sequence"])
        }
        return migrator
    }

    public func membershipEntries(_ caseload: CaseloadID) async throws -> [[UInt8]] {
        try await database.read { db in
            try Data.fetchAll(db, sql: "SELECT entry FROM membership WHERE caseload = ? ORDER BY sequence", arguments: [Data(caseload.bytes)])
                .map { [UInt8]($0) }
        }
    }

    public func appendMembership(_ caseload: CaseloadID, sequence: UInt64, entry: [UInt8]) async throws -> Bool {
        try await database.write { db in
            let taken = try Bool.fetchOne(
                db, sql: "SELECT EXISTS(SELECT 1 FROM membership WHERE caseload = ? AND sequence = ?)",
                arguments: [Data(caseload.bytes), Int64(sequence)]) ?? false
            guard !taken else { return false }
            try db.execute(
                sql: "INSERT INTO membership(caseload, sequence, entry) VALUES (?, ?, ?)",
                arguments: [Data(caseload.bytes), Int64(sequence), Data(entry)])
            return true
        }
    }

    public func push(_ caseload: CaseloadID, _ envelopes: [IncomingEnvelope], quotaBytes: Int64) async throws -> [RelayAPI.PushResult] {
        try await database.write { db in
            let key = Data(caseload.bytes)
            let row = try Row.fetchOne(db, sql: "SELECT last_sequence, stored_bytes FROM caseload WHERE caseload = ?", arguments: [key])
            var last: Int64 = row?[0] ?? 0
            var stored: Int64 = row?[1] ?? 0
            var results: [RelayAPI.PushResult] = []
            let existing = try db.cachedStatement(sql: "SELECT sequence FROM envelope WHERE envelope_id = ?")
            let insert = try db.cachedStatement(sql: """
                INSERT INTO envelope(caseload, sequence, envelope_id, author, device_sequence, data) VALUES (?, ?, ?, ?, ?, ?)
                """)
            for envelope in envelopes {
                let id = Data(envelope.id)
                if let sequence = try Int64.fetchOne(existing, arguments: [id]) {
                    results.append(RelayAPI.PushResult(id: Hex.encode(envelope.id), seq: UInt64(sequence), duplicate: true))
                    continue
                }
                guard stored + Int64(envelope.bytes.count) <= quotaBytes else { throw QuotaExceeded() }
                last += 1
                stored += Int64(envelope.bytes.count)
                try insert.execute(arguments: [key, last, id, Data(envelope.author), Int64(envelope.deviceSequence), Data(envelope.bytes)])
                results.append(RelayAPI.PushResult(id: Hex.encode(envelope.id), seq: UInt64(last), duplicate: false))
            }
            try db.execute(
                sql: """
                    INSERT INTO caseload(caseload, last_sequence, stored_bytes) VALUES (?, ?, ?)
                    ON CONFLICT(caseload) DO UPDATE SET last_sequence = excluded.last_sequence, stored_bytes = excluded.stored_bytes
                    """,
                arguments: [key, last, stored])
            return results
        }
    }

    public func pull(_ caseload: CaseloadID, after: UInt64, limit: Int) async throws -> [(seq: UInt64, data: [UInt8])] {
        try await database.read { db in
            try Row.fetchAll(
                db, sql: "SELECT sequence, data FROM envelope WHERE caseload = ? AND sequence > ? ORDER BY sequence LIMIT ?",
                arguments: [Data(caseload.bytes), Int64(clamping: after), limit]
            ).map { (seq: UInt64($0[0] as Int64), data: [UInt8]($0[1] as Data)) }
        }
    }

    public func pull(_ caseload: CaseloadID, author: [UInt8], after: UInt64, limit: Int) async throws -> [(seq: UInt64, data: [UInt8])] {
        try await database.read { db in
            try Row.fetchAll(
                db, sql: """
                    SELECT device_sequence, data FROM envelope WHERE caseload = ? AND author = ? AND device_sequence > ?
                    ORDER BY device_sequence LIMIT ?
                    """,
                arguments: [Data(caseload.bytes), Data(author), Int64(clamping: after), limit]
            ).map { (seq: UInt64($0[0] as Int64), data: [UInt8]($0[1] as Data)) }
        }
    }

    public func useNonce(device: [UInt8], nonce: String, expires: UInt64, now: UInt64) async throws -> Bool {
        try await database.write { db in
            try db.execute(sql: "DELETE FROM nonce WHERE expires < ?", arguments: [Int64(now)])
            try db.execute(
                sql: "INSERT OR IGNORE INTO nonce(device, nonce, expires) VALUES (?, ?, ?)",
                arguments: [Data(device), nonce, Int64(expires)])
            return db.changesCount == 1
        }
    }

    public func createLink(_ id: [UInt8], creator: [UInt8], expires: UInt64) async throws -> Bool {
        try await database.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO link(link_id, creator, expires) VALUES (?, ?, ?)",
                           arguments: [Data(id), Data(creator), Int64(expires)])
            return db.changesCount == 1
        }
    }

    public func link(_ id: [UInt8], now: UInt64) async throws -> StoredLink? {
        try await database.write { db in
            try db.execute(sql: "DELETE FROM link WHERE expires < ?", arguments: [Int64(now)])
            guard let row = try Row.fetchOne(db, sql: "SELECT creator, expires, request, response FROM link WHERE link_id = ?",
                                             arguments: [Data(id)]) else { return nil }
            return StoredLink(
                creator: [UInt8](row[0] as Data), expires: UInt64(row[1] as Int64),
                request: (row[2] as Data?).map { [UInt8]($0) }, response: (row[3] as Data?).map { [UInt8]($0) })
        }
    }

    public func setLinkRequest(_ id: [UInt8], _ data: [UInt8]) async throws -> Bool {
        try await database.write { db in
            try db.execute(sql: "UPDATE link SET request = ? WHERE link_id = ? AND request IS NULL", arguments: [Data(data), Data(id)])
            return db.changesCount == 1
        }
    }

    public func setLinkResponse(_ id: [UInt8], _ data: [UInt8]) async throws {
        try await database.write { db in
            try db.execute(sql: "UPDATE link SET response = ? WHERE link_id = ?", arguments: [Data(data), Data(id)])
        }
    }

    public func deleteLink(_ id: [UInt8]) async throws {
        try await database.write { db in try db.execute(sql: "DELETE FROM link WHERE link_id = ?", arguments: [Data(id)]) }
    }
}

struct QuotaExceeded: Error {}
