import Foundation
import NIOSSL
import PostgresNIO

/// Where the relay's PostgreSQL database is, from a URL an operator writes:
/// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=disable|prefer|require]`, or
/// `postgres://USER@/DATABASE?host=/run/postgresql` for a Unix socket folder.
/// Without `sslmode`, TLS is required except on loopback and sockets.
public struct PostgresAddress: Sendable, CustomStringConvertible {
    enum Endpoint: Sendable {
        case tcp(host: String, port: Int)
        case socket(path: String)
    }

    enum TLSMode: String, Sendable {
        case disable, prefer, require
    }

    let endpoint: Endpoint
    let user: String
    let password: String?
    let database: String
    let tls: TLSMode
    /// The URL without its password, for logs and errors.
    public let description: String

    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    public init(_ text: String) throws(Invalid) {
        guard let url = URLComponents(string: text), ["postgres", "postgresql"].contains(url.scheme ?? "") else {
            throw Invalid(description: "the database must be a postgres:// URL, such as postgres://relay@db.example.nl/relay")
        }
        guard let user = url.user, !user.isEmpty else { throw Invalid(description: "the database URL names no user (postgres://USER@HOST/DATABASE)") }
        database = String(url.path.dropFirst())
        guard !database.isEmpty else { throw Invalid(description: "the database URL names no database (postgres://USER@HOST/DATABASE)") }
        self.user = user
        password = url.password?.removingPercentEncoding
        let query = Dictionary((url.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, last in last })
        if let folder = query["host"], folder.hasPrefix("/") {
            endpoint = .socket(path: "\(folder)/.s.PGSQL.\(url.port ?? 5432)")
            tls = .disable
        } else {
            guard let host = url.host, !host.isEmpty else { throw Invalid(description: "the database URL names no host") }
            endpoint = .tcp(host: host, port: url.port ?? 5432)
            let loopback = ["localhost", "127.0.0.1", "::1"].contains(host)
            guard let mode = TLSMode(rawValue: query["sslmode"] ?? (loopback ? "prefer" : "require")) else {
                throw Invalid(description: "sslmode \(query["sslmode"] ?? "") is not known; use disable, prefer or require")
            }
            tls = mode
        }
        var shown = url
        shown.password = nil
        description = shown.string ?? "postgres://"
    }

    /// For the relay's pool of connections. Commits do not wait for the disk by default:
    /// nonces and link mailboxes may be lost in a database crash at no harm. What a client
    /// is told is stored (envelopes, membership, tokens) is written in transactions that
    /// turn the wait back on (`PostgresRelayRepository.durable`).
    var clientConfiguration: PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration
        switch endpoint {
        case .socket(let path):
            configuration = .init(unixSocketPath: path, username: user, password: password, database: database)
        case .tcp(let host, let port):
            let tls: PostgresClient.Configuration.TLS = switch self.tls {
            case .disable: .disable
            case .prefer: .prefer(.makeClientConfiguration())
            case .require: .require(.makeClientConfiguration())
            }
            configuration = .init(host: host, port: port, username: user, password: password, database: database, tls: tls)
        }
        configuration.options.additionalStartupParameters = [("synchronous_commit", "off")]
        return configuration
    }

    /// For one connection at start, which fails at once with the server's reason (the pool
    /// would keep retrying).
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        switch endpoint {
        case .socket(let path):
            return .init(unixSocketPath: path, username: user, password: password, database: database)
        case .tcp(let host, let port):
            let tls: PostgresConnection.Configuration.TLS = switch self.tls {
            case .disable: .disable
            case .prefer: .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
            case .require: .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            }
            return .init(host: host, port: port, username: user, password: password, database: database, tls: tls)
        }
    }
}
