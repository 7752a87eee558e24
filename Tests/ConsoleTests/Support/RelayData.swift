import Foundation
import GRDB
import Identifiers
import WireFormat

/// What a relay process stores, read behind its back as an attacker with the disk (or the
/// database) would: SQLite in its data folder, or a PostgreSQL database.
enum RelayData {
    case sqlite(path: String)
    case postgres(TestDatabase)

    /// A relay process on this store (a new data folder or database), logging everything.
    static func start(postgres: Bool) throws -> (RelayProcess, RelayData) {
        guard postgres else {
            let relay = try RelayProcess(logLevel: "trace")
            return (relay, .sqlite(path: relay.databasePath))
        }
        let database = try TestDatabase()
        return (try RelayProcess(options: ["--database", database.url], logLevel: "trace"), .postgres(database))
    }

    /// Every stored envelope (or stub), as stored.
    func envelopes() throws -> [[UInt8]] {
        switch self {
        case .sqlite(let path):
            try DatabaseQueue(path: path).read { db in try Data.fetchAll(db, sql: "SELECT data FROM envelope").map { [UInt8]($0) } }
        case .postgres(let database):
            try database.query("SELECT encode(data, 'hex') FROM envelope").split(separator: "\n").map { try Self.bytes(hex: $0) }
        }
    }

    /// What is stored where the envelope with `id` was.
    func stored(id: [UInt8]) throws -> [UInt8]? {
        switch self {
        case .sqlite(let path):
            try DatabaseQueue(path: path).read { db in
                try Data.fetchOne(db, sql: "SELECT data FROM envelope WHERE envelope_id = ?", arguments: [Data(id)]).map { [UInt8]($0) }
            }
        case .postgres(let database):
            try database.query("SELECT encode(data, 'hex') FROM envelope WHERE envelope_id = decode('\(Hex.encode(id))', 'hex')")
                .split(separator: "\n").first.map { try Self.bytes(hex: $0) }
        }
    }

    /// Whether any of `markers` is stored in the clear: in the SQLite files (database and
    /// write-ahead log), or in any envelope or membership entry in PostgreSQL.
    func holdsAny(of markers: [String]) throws -> Bool {
        switch self {
        case .sqlite(let path):
            return [path, path + "-wal"].contains { file in
                let bytes = FileManager.default.contents(atPath: file) ?? Data()
                return markers.contains { bytes.range(of: Data($0.utf8)) != nil }
            }
        case .postgres(let database):
            let stored = try database.query("SELECT encode(data, 'hex') FROM envelope UNION ALL SELECT encode(entry, 'hex') FROM membership")
            return markers.contains { stored.contains(Hex.encode(Array($0.utf8))) }
        }
    }

    private static func bytes(hex: Substring) throws -> [UInt8] {
        guard let bytes = Hex.decode(String(hex)) else { throw TestFailure(message: "psql gave no hex: \(hex.prefix(20))") }
        return bytes
    }
}
