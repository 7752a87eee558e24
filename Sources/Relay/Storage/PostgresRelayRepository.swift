import Foundation
import Identifiers
import Logging
import NIOCore
import PostgresNIO
import ServiceLifecycle

/// The relay's storage on PostgreSQL, for several relay instances on one database. Every
/// rule that two instances could race on is decided by the database, inside one transaction:
/// caseload numbers under a row lock on the caseload, membership by compare-and-set.
///
/// Its client must run (`run()`, a service of the application) while it is used.
public struct PostgresRelayRepository: RelayRepository, Service {
    let client: PostgresClient
    let address: PostgresAddress
    /// Where news of other instances' pushes is announced, when this instance has waiters.
    let news: CaseloadNews?
    let logger: Logger

    /// The channel pushes NOTIFY on, with the caseload id in hex as the payload.
    static let newsChannel = "vp_relay_news"

    public init(address: PostgresAddress, news: CaseloadNews? = nil, logger: Logger) {
        client = PostgresClient(configuration: address.clientConfiguration, backgroundLogger: logger)
        self.address = address
        self.news = news
        self.logger = logger
    }

    /// Runs the connection pool and, for the news, one connection that LISTENs, until the
    /// relay shuts down (after the HTTP server has answered what it was answering).
    public func run() async throws {
        try await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask { await client.run() }
                if let news { group.addTask { await listen(for: news) } }
            }
        }
    }

    /// Announces every caseload another instance pushed to. After a lost connection every
    /// waiter is woken, since news may have been missed meanwhile.
    private func listen(for news: CaseloadNews) async {
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    for try await notification in try await connection.listen(Self.newsChannel) {
                        if let caseload = CaseloadID(hex: notification.payload) { news.announce(caseload) }
                    }
                }
            } catch {
                guard !Task.isCancelled else { return }
                logger.warning("Listening for news from other relay instances failed; trying again in a second.")
            }
            news.announceAll()
            try? await Task.sleep(for: .seconds(1))
        }
    }

    /// Brings the schema up to date; several instances starting at once take turns. A
    /// database that cannot be reached, or refuses, stops the start with a sentence.
    public func migrate() async throws {
        do {
            let probe = try await PostgresConnection.connect(configuration: address.connectionConfiguration(), id: 0, logger: logger)
            try await probe.close()
        } catch let error as PSQLError {
            let reason = error.serverInfo?[.message] ?? (error.underlying.map { "\($0)" } ?? "\(error.code)")
            throw RelayStartError.database("\(address) cannot be used: \(reason)")
        }
        try await PostgresSchema.migrate(client, logger: logger)
    }

    // MARK: Membership

    public func membershipLog(_ caseload: CaseloadID) async throws -> [[UInt8]] {
        let rows = try await client.query(
            "SELECT entry FROM membership WHERE caseload = \(Self.bytes(caseload.bytes)) ORDER BY sequence", logger: logger)
        var entries: [[UInt8]] = []
        for try await entry in rows.decode(ByteBuffer.self) { entries.append(Array(entry.readableBytesView)) }
        return entries
    }

    public func appendMembership(_ caseload: CaseloadID, entry: [UInt8], at position: Int, creation: CaseloadCreation?,
                                 stubbing: EnvelopeStubbing?) async throws -> MembershipAppend {
        let key = Self.bytes(caseload.bytes)
        do {
            return try await durable { connection in
                if position == 0 {
                    guard let creation else { return .enrolmentRequired }
                    // A racing creator of the same caseload waits on this insert, then finds it taken.
                    guard try await Self.returnsRow(connection.query("""
                        INSERT INTO caseload(caseload, last_sequence, stored_bytes, membership_length, owner)
                        VALUES (\(key), 0, 0, 1, \(Self.bytes(creation.owner))) ON CONFLICT DO NOTHING RETURNING 1
                        """, logger: logger))
                    else { return .conflict }
                    try await create(key, creation, on: connection)
                } else {
                    let length = try await connection.query(
                        "SELECT membership_length FROM caseload WHERE caseload = \(key) FOR UPDATE", logger: logger
                    ).decode(Int.self).first { _ in true }
                    guard length == position else { return .conflict }
                    try await connection.query(
                        "UPDATE caseload SET membership_length = \(position + 1) WHERE caseload = \(key)", logger: logger)
                }
                try await connection.query(
                    "INSERT INTO membership(caseload, sequence, entry) VALUES (\(key), \(position), \(Self.bytes(entry)))", logger: logger)
                if let stubbing { try await cutToStubs(key, stubbing, on: connection) }
                return .appended
            }
        } catch Refusal.membership(let outcome) {
            return outcome
        }
    }

    /// Replaces the caseload's case content envelopes the rule recognises by their stubs
    /// (under the caseload's row lock, taken above), and counts the bytes freed off the
    /// caseload's and its owner's stored bytes. Stubs already cut are left out. The old row
    /// versions stay in the table (and its TOAST chunks) until VACUUM, which frees them
    /// without zeroing, and in pg_wal and its archives.
    private func cutToStubs(_ key: ByteBuffer, _ stubbing: EnvelopeStubbing, on connection: PostgresConnection) async throws {
        var stubs: [(Int64, [UInt8], Int)] = []
        for try await (sequence, data) in try await connection.query(
            "SELECT sequence, data FROM envelope WHERE caseload = \(key) AND key_scope = 1 AND get_byte(data, 0) <> 255", logger: logger
        ).decode((Int64, ByteBuffer).self) {
            let bytes = Array(data.readableBytesView)
            if let stub = stubbing.stub(bytes) { stubs.append((sequence, stub, bytes.count - stub.count)) }
        }
        guard !stubs.isEmpty else { return }
        for (sequence, stub, _) in stubs {
            try await connection.query(
                "UPDATE envelope SET data = \(Self.bytes(stub)) WHERE caseload = \(key) AND sequence = \(sequence)", logger: logger)
        }
        let freed = Int64(stubs.map(\.2).reduce(0, +))
        try await connection.query("UPDATE caseload SET stored_bytes = stored_bytes - \(freed) WHERE caseload = \(key)", logger: logger)
        try await connection.query("""
            UPDATE counsellor SET stored_bytes = stored_bytes - \(freed)
            WHERE counsellor_key = (SELECT owner FROM caseload WHERE caseload = \(key))
            """, logger: logger)
    }

    /// Enrols the owner if it may be, or throws the refusal (rolling the creation back).
    /// One counsellor's creations take turns, so the limit holds across instances.
    private func create(_ key: ByteBuffer, _ creation: CaseloadCreation, on connection: PostgresConnection) async throws {
        let owner = Self.bytes(creation.owner)
        try await connection.query("SELECT pg_advisory_xact_lock(hashtextextended(encode(\(owner), 'hex'), 1))", logger: logger)
        let (enrolled, owned) = try await connection.query("""
            SELECT EXISTS(SELECT 1 FROM counsellor WHERE counsellor_key = \(owner)),
                   (SELECT count(*) FROM caseload WHERE owner = \(owner) AND caseload <> \(key))::bigint
            """, logger: logger).decode((Bool, Int64).self).first { _ in true } ?? (false, Int64(0))
        var usable = false
        if let token = creation.token {
            usable = try await Self.returnsRow(connection.query("""
                SELECT 1 FROM enrolment_token WHERE token_hash = \(Self.bytes(token)) AND used_by IS NULL AND expires >= \(Int64(clamping: creation.now))
                """, logger: logger))
        }
        switch creation.verdict(enrolled: enrolled, tokenUsable: usable, owned: Int(owned)) {
        case .refuse(let outcome):
            throw Refusal.membership(outcome)
        case .create(let enrol, let useToken):
            if useToken, let token = creation.token {
                // Used once: a racing enrolment with the same token finds it gone.
                guard try await Self.returnsRow(connection.query("""
                    UPDATE enrolment_token SET used_by = \(owner) WHERE token_hash = \(Self.bytes(token)) AND used_by IS NULL RETURNING 1
                    """, logger: logger))
                else { throw Refusal.membership(.enrolmentRequired) }
            }
            if enrol {
                try await connection.query("""
                    INSERT INTO counsellor(counsellor_key, enrolled_at, stored_bytes) VALUES (\(owner), \(Int64(clamping: creation.now)), 0)
                    ON CONFLICT DO NOTHING
                    """, logger: logger)
            }
        }
    }

    public func addEnrolmentToken(hash: [UInt8], expires: UInt64) async throws {
        try await durable { connection in
            try await connection.query(
                "INSERT INTO enrolment_token(token_hash, expires) VALUES (\(Self.bytes(hash)), \(Int64(clamping: expires)))", logger: logger)
        }
    }

    // MARK: Envelopes

    public func push(_ caseload: CaseloadID, _ envelopes: [IncomingEnvelope], membershipLength: Int, quotas: Quotas) async throws -> PushOutcome {
        let key = Self.bytes(caseload.bytes)
        return try await durable { connection in
            // The lock every push and membership change of this caseload takes in turn:
            // numbers are given and committed in order, and the log checked stays the log.
            guard let (last, stored, length, owner) = try await connection.query(
                "SELECT last_sequence, stored_bytes, membership_length, owner FROM caseload WHERE caseload = \(key) FOR UPDATE", logger: logger
            ).decode((Int64, Int64, Int, ByteBuffer?).self).first(where: { _ in true }), length == membershipLength
            else { return .membershipChanged }

            let ids = envelopes.map { Self.bytes($0.id) }
            var known: [[UInt8]: UInt64] = [:]
            for try await (id, sequence) in try await connection.query(
                "SELECT envelope_id, sequence FROM envelope WHERE envelope_id = ANY(\(ids))", logger: logger
            ).decode((ByteBuffer, Int64).self) {
                known[Array(id.readableBytesView)] = UInt64(sequence)
            }

            var next = last
            var total = stored
            var receipts: [EnvelopeReceipt] = []
            var new = NewEnvelopes()
            var readerBytes: [[UInt8]: Int64] = [:]
            for envelope in envelopes {
                if let sequence = known[envelope.id] {
                    receipts.append(EnvelopeReceipt(id: envelope.id, sequence: sequence, duplicate: true))
                    continue
                }
                total += Int64(envelope.bytes.count)
                // Nothing is written before the insert below, so leaving here stores nothing.
                guard total <= quotas.caseloadBytes else { return .quotaExceeded(.caseload) }
                if let allowance = envelope.readerAllowance {
                    // What the reader stored before (under the caseload's lock), plus this batch.
                    if readerBytes[envelope.author] == nil {
                        readerBytes[envelope.author] = try await connection.query("""
                            SELECT COALESCE(sum(octet_length(data)), 0)::bigint FROM envelope
                            WHERE caseload = \(key) AND author = \(Self.bytes(envelope.author)) AND key_scope = 2
                            """, logger: logger).decode(Int64.self).first { _ in true } ?? 0
                    }
                    let used = (readerBytes[envelope.author] ?? 0) + Int64(envelope.bytes.count)
                    guard used <= allowance else { return .quotaExceeded(.reader) }
                    readerBytes[envelope.author] = used
                }
                next += 1
                known[envelope.id] = UInt64(next)
                new.append(envelope, sequence: next)
                receipts.append(EnvelopeReceipt(id: envelope.id, sequence: UInt64(next), duplicate: false))
            }
            if let owner, total > stored {
                // The owner's row is the second lock: its caseloads' pushes take turns here.
                let used = try await connection.query(
                    "SELECT stored_bytes FROM counsellor WHERE counsellor_key = \(owner) FOR UPDATE", logger: logger
                ).decode(Int64.self).first { _ in true } ?? 0
                guard used + total - stored <= quotas.counsellorBytes else { return .quotaExceeded(.counsellor) }
                try await connection.query(
                    "UPDATE counsellor SET stored_bytes = \(used + total - stored) WHERE counsellor_key = \(owner)", logger: logger)
            }
            if !new.isEmpty {
                // One statement for the batch: row by row would cost a round trip each.
                try await connection.query("""
                    INSERT INTO envelope(caseload, sequence, envelope_id, author, device_sequence, data, key_scope)
                    SELECT \(key), * FROM unnest(\(new.sequences)::bigint[], \(new.ids)::bytea[], \(new.authors)::bytea[],
                                                 \(new.deviceSequences)::bigint[], \(new.data)::bytea[], \(new.keyScopes)::smallint[])
                    """, logger: logger)
                try await connection.query(
                    "UPDATE caseload SET last_sequence = \(next), stored_bytes = \(total) WHERE caseload = \(key)", logger: logger)
                // Delivered at commit, to every instance listening: only "this caseload has news".
                try await connection.query(
                    "SELECT pg_notify(\(Self.newsChannel), encode(\(key), 'hex'))", logger: logger)
            }
            return .stored(receipts)
        }
    }

    public func pull(_ caseload: CaseloadID, after: UInt64, limit: Int) async throws -> [StoredEnvelope] {
        try await stored(client.query("""
            SELECT sequence, data FROM envelope WHERE caseload = \(Self.bytes(caseload.bytes)) AND sequence > \(Int64(clamping: after))
            ORDER BY sequence LIMIT \(limit)
            """, logger: logger))
    }

    public func pull(_ caseload: CaseloadID, author: [UInt8], after: UInt64, limit: Int) async throws -> [StoredEnvelope] {
        try await stored(client.query("""
            SELECT device_sequence, data FROM envelope
            WHERE caseload = \(Self.bytes(caseload.bytes)) AND author = \(Self.bytes(author)) AND device_sequence > \(Int64(clamping: after))
            ORDER BY device_sequence LIMIT \(limit)
            """, logger: logger))
    }

    private func stored(_ rows: PostgresRowSequence) async throws -> [StoredEnvelope] {
        var envelopes: [StoredEnvelope] = []
        for try await (sequence, data) in rows.decode((Int64, ByteBuffer).self) {
            envelopes.append(StoredEnvelope(sequence: UInt64(sequence), bytes: Array(data.readableBytesView)))
        }
        return envelopes
    }

    public func storedBytes() async throws -> Int64 {
        try await client.query("SELECT COALESCE(SUM(stored_bytes), 0)::bigint FROM caseload", logger: logger)
            .decode(Int64.self).first { _ in true } ?? 0
    }

    // MARK: Nonces and link mailboxes

    public func useNonce(device: [UInt8], nonce: String, expires: UInt64, now: UInt64) async throws -> Bool {
        // One round trip: other expired nonces go; this one goes in, or takes the place of
        // its expired self (one statement sees one snapshot, so it cannot delete it first).
        let (device, moment) = (Self.bytes(device), Int64(clamping: now))
        return try await Self.returnsRow(client.query("""
            WITH expired AS (DELETE FROM nonce WHERE expires < \(moment) AND (device, nonce) <> (\(device), \(nonce)))
            INSERT INTO nonce(device, nonce, expires) VALUES (\(device), \(nonce), \(Int64(clamping: expires)))
            ON CONFLICT (device, nonce) DO UPDATE SET expires = excluded.expires WHERE nonce.expires < \(moment)
            RETURNING 1
            """, logger: logger))
    }

    public func createLink(_ id: [UInt8], creator: [UInt8], expires: UInt64, now: UInt64, limit: Int) async throws -> LinkCreation {
        let owner = Self.bytes(creator)
        return try await transaction { connection in
            // One device's mailboxes are opened in turn, so the limit holds across instances.
            try await connection.query("SELECT pg_advisory_xact_lock(hashtextextended(encode(\(owner), 'hex'), 2))", logger: logger)
            let open = try await connection.query("""
                SELECT count(*)::bigint FROM link WHERE creator = \(owner) AND expires >= \(Int64(clamping: now))
                """, logger: logger).decode(Int64.self).first { _ in true } ?? 0
            guard open < limit else { return .limitReached }
            return try await Self.returnsRow(connection.query("""
                INSERT INTO link(link_id, creator, expires) VALUES (\(Self.bytes(id)), \(owner), \(Int64(clamping: expires)))
                ON CONFLICT DO NOTHING RETURNING 1
                """, logger: logger)) ? .created : .taken
        }
    }

    public func link(_ id: [UInt8], now: UInt64) async throws -> StoredLink? {
        let moment = Int64(clamping: now)
        let rows = try await client.query("""
            WITH expired AS (DELETE FROM link WHERE expires < \(moment))
            SELECT creator, expires, request, response FROM link WHERE link_id = \(Self.bytes(id)) AND expires >= \(moment)
            """, logger: logger)
        for try await (creator, expires, request, response) in rows.decode((ByteBuffer, Int64, ByteBuffer?, ByteBuffer?).self) {
            return StoredLink(
                creator: Array(creator.readableBytesView), expires: UInt64(expires),
                request: request.map { Array($0.readableBytesView) }, response: response.map { Array($0.readableBytesView) })
        }
        return nil
    }

    public func setLinkRequest(_ id: [UInt8], _ data: [UInt8]) async throws -> Bool {
        try await Self.returnsRow(client.query(
            "UPDATE link SET request = \(Self.bytes(data)) WHERE link_id = \(Self.bytes(id)) AND request IS NULL RETURNING 1", logger: logger))
    }

    public func setLinkResponse(_ id: [UInt8], _ data: [UInt8]) async throws {
        try await client.query("UPDATE link SET response = \(Self.bytes(data)) WHERE link_id = \(Self.bytes(id))", logger: logger)
    }

    public func deleteLink(_ id: [UInt8]) async throws {
        try await client.query("DELETE FROM link WHERE link_id = \(Self.bytes(id))", logger: logger)
    }

    // MARK: Helpers

    /// A transaction whose commit waits for the disk: for what a client is told is stored.
    private func durable<Result: Sendable>(
        _ body: nonisolated(nonsending) (PostgresConnection) async throws -> sending Result
    ) async throws -> Result {
        try await transaction { connection in
            try await connection.query("SET LOCAL synchronous_commit = on", logger: logger)
            return try await body(connection)
        }
    }

    /// A transaction whose own errors come out as they were thrown (a refusal rolls it back).
    private func transaction<Result: Sendable>(
        _ body: nonisolated(nonsending) (PostgresConnection) async throws -> sending Result
    ) async throws -> Result {
        do {
            return try await client.withTransaction(logger: logger, body)
        } catch let error as PostgresTransactionError {
            throw error.closureError ?? error
        }
    }

    /// Bytes as `bytea` (an `[UInt8]` would bind as an array of "char").
    static func bytes(_ value: [UInt8]) -> ByteBuffer { ByteBuffer(bytes: value) }

    private static func returnsRow(_ rows: PostgresRowSequence) async throws -> Bool {
        var found = false
        for try await _ in rows { found = true }
        return found
    }
}

/// The columns of a batch's new envelopes, bound as arrays for one `unnest` insert.
private struct NewEnvelopes {
    var sequences: [Int64] = []
    var ids: [ByteBuffer] = []
    var authors: [ByteBuffer] = []
    var deviceSequences: [Int64] = []
    var data: [ByteBuffer] = []
    var keyScopes: [Int16] = []

    var isEmpty: Bool { sequences.isEmpty }

    mutating func append(_ envelope: IncomingEnvelope, sequence: Int64) {
        sequences.append(sequence)
        ids.append(PostgresRelayRepository.bytes(envelope.id))
        authors.append(PostgresRelayRepository.bytes(envelope.author))
        deviceSequences.append(Int64(envelope.deviceSequence))
        data.append(PostgresRelayRepository.bytes(envelope.bytes))
        keyScopes.append(Int16(envelope.keyScope))
    }
}

/// Thrown inside a transaction to roll it back with a refusal.
private enum Refusal: Error {
    case membership(MembershipAppend)
}
