import Foundation
import GRDB
import Identifiers
import Signatures
import WireFormat

/// The default relay storage: one SQLite file (`relay.sqlite`, WAL) in the data folder.
public struct SQLiteRelayRepository: RelayRepository {
    let database: DatabasePool

    /// `maximumBytes` caps the file: beyond it SQLite answers "full", as on a full disk.
    public init(directory: URL, maximumBytes: Int64? = nil) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // Freed pages are zeroed: a destroyed case's sealed operations do not linger in the file.
            try db.execute(sql: "PRAGMA secure_delete = ON")
            if let maximumBytes {
                let pageSize = try Int64.fetchOne(db, sql: "PRAGMA page_size") ?? 4096
                try db.execute(sql: "PRAGMA max_page_count = \(max(1, maximumBytes / pageSize))")
            }
        }
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
        migrator.registerMigration("v3-membership-length") { db in
            // Pushes compare the membership log's length they were checked against with this,
            // under the write lock, so a change of membership cannot slip between check and store.
            try db.alter(table: "caseload") { table in
                table.add(column: "membership_length", .integer).notNull().defaults(to: 0)
            }
            try db.execute(sql: """
                INSERT INTO caseload(caseload, last_sequence, stored_bytes, membership_length)
                SELECT caseload, 0, 0, COUNT(*) FROM membership GROUP BY caseload
                ON CONFLICT(caseload) DO UPDATE SET membership_length = excluded.membership_length
                """)
        }
        migrator.registerMigration("v4-enrolment") { db in
            try db.alter(table: "caseload") { table in table.add(column: "owner", .blob) }
            try db.create(index: "caseload_owner", on: "caseload", columns: ["owner"])
            try db.create(table: "counsellor") { table in
                table.primaryKey("counsellor_key", .blob)
                table.column("enrolled_at", .integer).notNull()
                table.column("stored_bytes", .integer).notNull()
            }
            try db.create(table: "enrolment_token") { table in
                table.primaryKey("token_hash", .blob)
                table.column("expires", .integer).notNull()
                table.column("used_by", .blob)
            }
            try db.create(index: "link_creator", on: "link", columns: ["creator"])
            try enrolExistingCounsellors(db)
        }
        migrator.registerMigration("v5-key-scope") { db in
            // A destroy entry looks through the case content envelopes (scope 1) of its caseload.
            try db.alter(table: "envelope") { table in table.add(column: "key_scope", .integer).notNull().defaults(to: 0) }
            // Relays before it stored any scope: read it from the header (byte 22, after
            // version, caseload id and epoch); stubs (first byte 0xFF) do not exist yet.
            try db.execute(sql: "UPDATE envelope SET key_scope = 1 WHERE substr(data, 22, 1) = x'01'")
            try db.execute(sql: "UPDATE envelope SET key_scope = 2 WHERE substr(data, 22, 1) = x'02'")
            try db.execute(sql: "CREATE INDEX envelope_case_content ON envelope(caseload) WHERE key_scope = 1")
        }
        return migrator
    }

    /// Counsellors whose caseloads a relay held before enrolment existed are enrolled and own
    /// them, so an upgraded relay goes on serving them. Caseloads begun by a version 1 entry
    /// (no certificate) keep no owner and count for nobody.
    private static func enrolExistingCounsellors(_ db: Database) throws {
        let firsts = try Row.fetchAll(db, sql: """
            SELECT m.caseload, m.entry, c.stored_bytes FROM membership m JOIN caseload c ON c.caseload = m.caseload WHERE m.sequence = 0
            """)
        for row in firsts {
            // An entry that does not parse (damage) is treated as a version 1 one: no owner,
            // so it enrols nobody; it grants nothing a check would otherwise refuse.
            guard let entry = try? MembershipEntry(bytes: [UInt8](row[1] as Data)),
                  case .add(_, _, _, let certificate?) = entry.action else { continue }
            let owner = Data(certificate.counsellorKey.bytes)
            try db.execute(sql: "UPDATE caseload SET owner = ? WHERE caseload = ?", arguments: [owner, row[0] as Data])
            try db.execute(sql: """
                INSERT INTO counsellor(counsellor_key, enrolled_at, stored_bytes) VALUES (?, 0, ?)
                ON CONFLICT(counsellor_key) DO UPDATE SET stored_bytes = stored_bytes + excluded.stored_bytes
                """, arguments: [owner, row[2] as Int64])
        }
    }

    public func membershipLog(_ caseload: CaseloadID) async throws -> [[UInt8]] {
        try await database.read { db in
            try Data.fetchAll(db, sql: "SELECT entry FROM membership WHERE caseload = ? ORDER BY sequence", arguments: [Data(caseload.bytes)])
                .map { [UInt8]($0) }
        }
    }

    // SQLite runs one write transaction at a time, which is the lock both calls below need.

    public func appendMembership(_ caseload: CaseloadID, entry: [UInt8], at position: Int, creation: CaseloadCreation?,
                                 stubbing: EnvelopeStubbing?) async throws -> MembershipAppend {
        do {
            let outcome = try await database.write { db -> MembershipAppend in
                let key = Data(caseload.bytes)
                let length = try Int.fetchOne(db, sql: "SELECT membership_length FROM caseload WHERE caseload = ?", arguments: [key]) ?? 0
                guard length == position else { return .conflict }
                var owner: Data?
                if position == 0 {
                    guard let creation else { return .enrolmentRequired }
                    try create(db, creation)
                    owner = Data(creation.owner)
                }
                try db.execute(
                    sql: "INSERT INTO membership(caseload, sequence, entry) VALUES (?, ?, ?)",
                    arguments: [key, position, Data(entry)])
                try db.execute(
                    sql: """
                        INSERT INTO caseload(caseload, last_sequence, stored_bytes, membership_length, owner) VALUES (?, 0, 0, ?, ?)
                        ON CONFLICT(caseload) DO UPDATE SET membership_length = excluded.membership_length
                        """,
                    arguments: [key, position + 1, owner])
                if let stubbing { try Self.cutToStubs(key, stubbing, db) }
                return MembershipAppend.appended
            }
            if stubbing != nil, outcome == .appended { await truncateLog() }
            return outcome
        } catch Refusal.membership(let outcome) {
            return outcome
        }
    }

    /// Copies the write-ahead log into the file and empties it, so the frames that held the
    /// destroyed case's pages are gone too. A pull reading at that moment keeps the log busy:
    /// tried again for a while. The order stands either way; a log still busy after that is
    /// emptied at the next destruction (automatic checkpoints do not truncate it).
    private func truncateLog() async {
        for _ in 0..<50 {
            let busy = try? await database.writeWithoutTransaction { db in
                try Int.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)") ?? 1
            }
            if busy == 0 { return }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Replaces the caseload's case content envelopes the rule recognises by their stubs, and
    /// counts the bytes freed off the caseload's and its owner's stored bytes.
    private static func cutToStubs(_ key: Data, _ stubbing: EnvelopeStubbing, _ db: Database) throws {
        var freed: Int64 = 0
        // Row by row (a caseload's case content may be large), stubs already cut left out.
        var stubs: [(Int64, Data)] = []
        let rows = try Row.fetchCursor(db, sql: "SELECT id, data FROM envelope WHERE caseload = ? AND key_scope = 1 AND substr(data, 1, 1) <> x'FF'",
                                       arguments: [key])
        while let row = try rows.next() {
            let bytes = [UInt8](row["data"] as Data)
            guard let stub = stubbing.stub(bytes) else { continue }
            stubs.append((row["id"], Data(stub)))
            freed += Int64(bytes.count - stub.count)
        }
        for (id, stub) in stubs { try db.execute(sql: "UPDATE envelope SET data = ? WHERE id = ?", arguments: [stub, id]) }
        guard freed > 0 else { return }
        try db.execute(sql: "UPDATE caseload SET stored_bytes = stored_bytes - ? WHERE caseload = ?", arguments: [freed, key])
        try db.execute(sql: """
            UPDATE counsellor SET stored_bytes = stored_bytes - ? WHERE counsellor_key = (SELECT owner FROM caseload WHERE caseload = ?)
            """, arguments: [freed, key])
    }

    /// Enrols the owner if it may be, or throws the refusal (rolling the write back).
    private func create(_ db: Database, _ creation: CaseloadCreation) throws {
        let owner = Data(creation.owner)
        let enrolled = try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM counsellor WHERE counsellor_key = ?)", arguments: [owner]) ?? false
        let usable = try creation.token.map { token in
            try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM enrolment_token WHERE token_hash = ? AND used_by IS NULL AND expires >= ?)",
                              arguments: [Data(token), Int64(clamping: creation.now)]) ?? false
        } ?? false
        let owned = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM caseload WHERE owner = ?", arguments: [owner]) ?? 0
        switch creation.verdict(enrolled: enrolled, tokenUsable: usable, owned: owned) {
        case .refuse(let outcome):
            throw Refusal.membership(outcome)
        case .create(let enrol, let useToken):
            if useToken, let token = creation.token {
                try db.execute(sql: "UPDATE enrolment_token SET used_by = ? WHERE token_hash = ?", arguments: [owner, Data(token)])
            }
            if enrol {
                try db.execute(sql: "INSERT INTO counsellor(counsellor_key, enrolled_at, stored_bytes) VALUES (?, ?, 0)",
                               arguments: [owner, Int64(clamping: creation.now)])
            }
        }
    }

    public func addEnrolmentToken(hash: [UInt8], expires: UInt64) async throws {
        try await database.write { db in
            try db.execute(sql: "INSERT INTO enrolment_token(token_hash, expires) VALUES (?, ?)", arguments: [Data(hash), Int64(clamping: expires)])
        }
    }

    public func push(_ caseload: CaseloadID, _ envelopes: [IncomingEnvelope], membershipLength: Int, quotas: Quotas) async throws -> PushOutcome {
        do {
            return try await database.write { db in
                let key = Data(caseload.bytes)
                guard let row = try Row.fetchOne(
                    db, sql: "SELECT last_sequence, stored_bytes, membership_length, owner FROM caseload WHERE caseload = ?", arguments: [key]),
                      row[2] as Int == membershipLength
                else { return .membershipChanged }
                var last: Int64 = row[0]
                let before: Int64 = row[1]
                var stored = before
                var receipts: [EnvelopeReceipt] = []
                receipts.reserveCapacity(envelopes.count)
                let existing = try db.cachedStatement(sql: "SELECT sequence FROM envelope WHERE envelope_id = ?")
                let insert = try db.cachedStatement(sql: """
                    INSERT INTO envelope(caseload, sequence, envelope_id, author, device_sequence, data, key_scope) VALUES (?, ?, ?, ?, ?, ?, ?)
                    """)
                for envelope in envelopes {
                    let id = Data(envelope.id)
                    if let sequence = try Int64.fetchOne(existing, arguments: [id]) {
                        receipts.append(EnvelopeReceipt(id: envelope.id, sequence: UInt64(sequence), duplicate: true))
                        continue
                    }
                    stored += Int64(envelope.bytes.count)
                    // Leaving the closure early rolls back whatever this batch inserted.
                    guard stored <= quotas.caseloadBytes else { throw Refusal.push(.quotaExceeded(.caseload)) }
                    if let allowance = envelope.readerAllowance {
                        // What the reader stored before, this batch's inserts included.
                        let used = try Int64.fetchOne(db, sql: """
                            SELECT COALESCE(SUM(length(data)), 0) FROM envelope WHERE caseload = ? AND author = ? AND key_scope = 2
                            """, arguments: [key, Data(envelope.author)]) ?? 0
                        guard used + Int64(envelope.bytes.count) <= allowance else { throw Refusal.push(.quotaExceeded(.reader)) }
                    }
                    last += 1
                    try insert.execute(arguments: [key, last, id, Data(envelope.author), Int64(envelope.deviceSequence), Data(envelope.bytes),
                                                   Int64(envelope.keyScope)])
                    receipts.append(EnvelopeReceipt(id: envelope.id, sequence: UInt64(last), duplicate: false))
                }
                try db.execute(
                    sql: "UPDATE caseload SET last_sequence = ?, stored_bytes = ? WHERE caseload = ?",
                    arguments: [last, stored, key])
                if let owner = row[3] as Data?, stored > before {
                    let total = try Int64.fetchOne(db, sql: "SELECT stored_bytes FROM counsellor WHERE counsellor_key = ?", arguments: [owner]) ?? 0
                    guard total + stored - before <= quotas.counsellorBytes else { throw Refusal.push(.quotaExceeded(.counsellor)) }
                    try db.execute(sql: "UPDATE counsellor SET stored_bytes = ? WHERE counsellor_key = ?", arguments: [total + stored - before, owner])
                }
                return .stored(receipts)
            }
        } catch Refusal.push(let outcome) {
            return outcome
        }
    }

    public func pull(_ caseload: CaseloadID, after: UInt64, limit: Int) async throws -> [StoredEnvelope] {
        try await database.read { db in
            try Row.fetchAll(
                db, sql: "SELECT sequence, data FROM envelope WHERE caseload = ? AND sequence > ? ORDER BY sequence LIMIT ?",
                arguments: [Data(caseload.bytes), Int64(clamping: after), limit]
            ).map { StoredEnvelope(sequence: UInt64($0[0] as Int64), bytes: [UInt8]($0[1] as Data)) }
        }
    }

    public func pull(_ caseload: CaseloadID, author: [UInt8], after: UInt64, limit: Int) async throws -> [StoredEnvelope] {
        try await database.read { db in
            try Row.fetchAll(
                db, sql: """
                    SELECT device_sequence, data FROM envelope WHERE caseload = ? AND author = ? AND device_sequence > ?
                    ORDER BY device_sequence LIMIT ?
                    """,
                arguments: [Data(caseload.bytes), Data(author), Int64(clamping: after), limit]
            ).map { StoredEnvelope(sequence: UInt64($0[0] as Int64), bytes: [UInt8]($0[1] as Data)) }
        }
    }

    public func storedBytes() async throws -> Int64 {
        try await database.read { db in try Int64.fetchOne(db, sql: "SELECT COALESCE(SUM(stored_bytes), 0) FROM caseload") ?? 0 }
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

    public func createLink(_ id: [UInt8], creator: [UInt8], expires: UInt64, now: UInt64, limit: Int) async throws -> LinkCreation {
        try await database.write { db in
            try db.execute(sql: "DELETE FROM link WHERE expires < ?", arguments: [Int64(clamping: now)])
            let open = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM link WHERE creator = ?", arguments: [Data(creator)]) ?? 0
            guard open < limit else { return .limitReached }
            try db.execute(sql: "INSERT OR IGNORE INTO link(link_id, creator, expires) VALUES (?, ?, ?)",
                           arguments: [Data(id), Data(creator), Int64(clamping: expires)])
            return db.changesCount == 1 ? .created : .taken
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

/// Thrown inside a write to roll it back with a refusal.
private enum Refusal: Error {
    case membership(MembershipAppend)
    case push(PushOutcome)
}
