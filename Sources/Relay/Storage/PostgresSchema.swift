import Logging
import PostgresNIO

/// The relay's tables on PostgreSQL, versioned. Instances that start together take an
/// advisory lock, so each migration runs once.
enum PostgresSchema {
    /// Each step, in order; a database at version n has run the first n.
    static let migrations: [[PostgresQuery]] = [
        [
            """
            CREATE TABLE caseload (
                caseload bytea PRIMARY KEY,
                last_sequence bigint NOT NULL,
                stored_bytes bigint NOT NULL,
                membership_length integer NOT NULL,
                -- the counsellor key that created it; its bytes count against that counsellor's quota
                owner bytea)
            """,
            "CREATE INDEX caseload_owner ON caseload (owner)",
            """
            CREATE TABLE counsellor (
                counsellor_key bytea PRIMARY KEY,
                enrolled_at bigint NOT NULL,
                stored_bytes bigint NOT NULL)
            """,
            """
            CREATE TABLE enrolment_token (
                token_hash bytea PRIMARY KEY,
                expires bigint NOT NULL,
                used_by bytea)
            """,
            """
            CREATE TABLE membership (
                caseload bytea NOT NULL,
                sequence bigint NOT NULL,
                entry bytea NOT NULL,
                PRIMARY KEY (caseload, sequence))
            """,
            """
            CREATE TABLE envelope (
                caseload bytea NOT NULL,
                sequence bigint NOT NULL,
                envelope_id bytea NOT NULL UNIQUE,
                author bytea NOT NULL,
                device_sequence bigint NOT NULL,
                data bytea NOT NULL,
                PRIMARY KEY (caseload, sequence))
            """,
            // Ciphertext does not compress: do not try.
            "ALTER TABLE envelope ALTER COLUMN data SET STORAGE EXTERNAL",
            "CREATE INDEX envelope_author ON envelope (caseload, author, device_sequence)",
            """
            CREATE TABLE nonce (
                device bytea NOT NULL,
                nonce text NOT NULL,
                expires bigint NOT NULL,
                PRIMARY KEY (device, nonce))
            """,
            "CREATE INDEX nonce_expiry ON nonce (expires)",
            """
            CREATE TABLE link (
                link_id bytea PRIMARY KEY,
                creator bytea NOT NULL,
                expires bigint NOT NULL,
                request bytea,
                response bytea)
            """,
            "CREATE INDEX link_creator ON link (creator)",
        ],
        [
            // A destroy entry looks through the case content envelopes (scope 1) of its caseload.
            "ALTER TABLE envelope ADD COLUMN key_scope smallint NOT NULL DEFAULT 0",
            // Relays before it stored any scope: read it from the header (after version, caseload id and epoch).
            "UPDATE envelope SET key_scope = get_byte(data, 21) WHERE get_byte(data, 21) IN (1, 2)",
            "CREATE INDEX envelope_case_content ON envelope (caseload) WHERE key_scope = 1",
        ],
    ]

    /// "vprelay" in ASCII: the advisory lock that serialises migrations.
    private static let lock: Int64 = 0x76_70_72_65_6c_61_79

    static func migrate(_ client: PostgresClient, logger: Logger) async throws {
        try await client.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(lock))", logger: logger)
            try await connection.query("CREATE TABLE IF NOT EXISTS relay_schema (version integer NOT NULL)", logger: logger)
            let version = try await connection.query("SELECT version FROM relay_schema", logger: logger)
                .decode(Int.self).first { _ in true }
            if version == nil { try await connection.query("INSERT INTO relay_schema(version) VALUES (0)", logger: logger) }
            for (index, steps) in migrations.enumerated() where index >= (version ?? 0) {
                for step in steps { try await connection.query(step, logger: logger) }
                try await connection.query("UPDATE relay_schema SET version = \(index + 1)", logger: logger)
            }
        }
    }
}
