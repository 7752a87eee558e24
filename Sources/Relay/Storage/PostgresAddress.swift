import Foundation
import NIOSSL
import PostgresNIO

/// Where the relay's PostgreSQL database is, from a URL an operator writes:
/// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=disable|prefer|require]`, or
/// `postgres://USER@/DATABASE?host=/run/postgresql` for a Unix socket folder.
/// Without `sslmode`, TLS is required except on loopback and sockets.
public struct PostgresAddress: Sendable, CustomStringConvertible {
    public let configuration: PostgresClient.Configuration
    /// The URL without its password, for logs.
    public let description: String

    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    public init(_ text: String) throws(Invalid) {
        guard let url = URLComponents(string: text), ["postgres", "postgresql"].contains(url.scheme ?? "") else {
            throw Invalid(description: "the database must be a postgres:// URL, such as postgres://relay@db.example.nl/relay")
        }
        guard let user = url.user, !user.isEmpty else { throw Invalid(description: "the database URL names no user (postgres://USER@HOST/DATABASE)") }
        let database = String(url.path.dropFirst())
        guard !database.isEmpty else { throw Invalid(description: "the database URL names no database (postgres://USER@HOST/DATABASE)") }
        let query = Dictionary((url.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, last in last })
        let password = url.password?.removingPercentEncoding
        var configuration: PostgresClient.Configuration
        if let socketFolder = query["host"], socketFolder.hasPrefix("/") {
            let port = url.port ?? 5432
            configuration = .init(unixSocketPath: "\(socketFolder)/.s.PGSQL.\(port)", username: user, password: password, database: database)
        } else {
            guard let host = url.host, !host.isEmpty else { throw Invalid(description: "the database URL names no host") }
            let local = ["localhost", "127.0.0.1", "::1", "[::1]"].contains(host)
            let tls: PostgresClient.Configuration.TLS
            switch query["sslmode"] ?? (local ? "prefer" : "require") {
            case "disable": tls = .disable
            case "prefer": tls = .prefer(.makeClientConfiguration())
            case "require": tls = .require(.makeClientConfiguration())
            case let other: throw Invalid(description: "sslmode \(other) is not known; use disable, prefer or require")
            }
            configuration = .init(host: host, port: url.port ?? 5432, username: user, password: password, database: database, tls: tls)
        }
        self.configuration = configuration
        var shown = url
        shown.password = nil
        description = shown.string ?? "postgres://"
    }
}
