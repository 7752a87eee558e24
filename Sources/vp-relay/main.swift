import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Relay

/// `vp-relay serve`: a blind relay for Vertrouwd. It stores ciphertext, public keys and
/// signed membership entries, and can read none of the counsellors' content.
@main
struct RelayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vp-relay", abstract: "The blind relay server for Vertrouwd.", subcommands: [Serve.self])

    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the relay API over HTTPS (with --tls-cert and --tls-key) or plain HTTP.",
            discussion: "Plain HTTP only on loopback or behind a TLS proxy: clients refuse http:// to another computer unless told --insecure.")

        @Option(help: "Address to listen on.") var host = "127.0.0.1"
        @Option(help: "Port to listen on; 0 picks a free one (printed at start).") var port = 8080
        @Option(help: "Folder for relay.sqlite (when no --database is given).") var data = "./relay-data"
        @Option(help: "A PostgreSQL database instead of SQLite, for several relay instances: postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=disable|prefer|require].")
        var database: String?
        @Option(name: .customLong("max-envelope-bytes"), help: "Largest envelope accepted.") var maxEnvelopeBytes = 4 << 20
        @Option(name: .customLong("quota-bytes"), help: "Storage per caseload.") var quotaBytes: Int64 = 1 << 30
        @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.") var logLevel = "info"
        @Option(name: .customLong("tls-cert"), help: "PEM file with the certificate chain (with --tls-key: serve HTTPS only).") var tlsCert: String?
        @Option(name: .customLong("tls-key"), help: "PEM file with the certificate's private key.") var tlsKey: String?

        func validate() throws {
            guard (tlsCert == nil) == (tlsKey == nil) else { throw ValidationError("Give both --tls-cert and --tls-key, or neither.") }
            _ = try address()
        }

        func address() throws -> PostgresAddress? {
            do {
                return try database.map(PostgresAddress.init)
            } catch {
                throw ValidationError("--database: \(error.description).")
            }
        }

        func run() async throws {
            var logger = Logger(label: "vp-relay")
            logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
            let configuration = RelayConfiguration(
                host: host, port: port, dataDirectory: URL(fileURLWithPath: data),
                maximumEnvelopeBytes: maxEnvelopeBytes, caseloadQuotaBytes: quotaBytes, tlsCertificate: tlsCert, tlsKey: tlsKey,
                database: try address())
            let scheme = tlsCert == nil ? "http" : "https"
            let app = try RelayApplication.build(configuration: configuration, logger: logger, onRunning: { port in
                // Unbuffered, so a supervisor or test reading stdout sees the port at once.
                FileHandle.standardOutput.write(Data("vp-relay listening on \(scheme)://\(configuration.host):\(port)\n".utf8))
            })
            try await app.runService()
        }
    }
}
