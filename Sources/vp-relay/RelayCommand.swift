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
        commandName: "vp-relay", abstract: "The blind relay server for Vertrouwd.", subcommands: [Serve.self, TokenCommand.self])

    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the relay API over HTTPS (with --tls-cert and --tls-key) or plain HTTP.",
            discussion: "Plain HTTP only on loopback or behind a TLS proxy: clients refuse http:// to another computer unless told --insecure.")

        @Option(help: "Address to listen on.") var host = "127.0.0.1"
        @Option(help: "Port to listen on; 0 picks a free one (printed at start).") var port = 8080
        @OptionGroup var storage: StorageOptions
        @Option(name: .customLong("max-envelope-bytes"), help: "Largest envelope accepted.") var maxEnvelopeBytes = 4 << 20
        @Option(name: .customLong("quota-bytes"), help: "Storage per caseload.") var quotaBytes: Int64 = 1 << 30
        @Option(name: .customLong("counsellor-quota-bytes"), help: "Storage of all the caseloads one counsellor created.")
        var counsellorQuotaBytes: Int64 = 8 << 30
        @Option(name: .customLong("relay-quota-bytes"), help: "Storage of the whole relay (no limit when not given).") var relayQuotaBytes: Int64?
        @Option(name: .customLong("reader-control-bytes"), help: "Storage of one reader device's control envelopes in one caseload.")
        var readerControlBytes: Int64 = 1 << 20
        @Option(name: .customLong("caseloads-per-counsellor"), help: "Caseloads one counsellor may create.") var caseloadsPerCounsellor = 100
        @Option(name: .customLong("requests-per-minute"), help: "Signed requests one device may make per minute, per instance.")
        var requestsPerMinute = 1_200
        @Option(name: .customLong("link-codes-per-device"), help: "Link codes (mailboxes of 'vp device link' and invitations) one device may have open.")
        var linkCodesPerDevice = 5
        @Option(name: .customLong("max-database-bytes"), help: "The largest relay.sqlite may grow (as if the disk were that size).")
        var maxDatabaseBytes: Int64?
        @Option(name: .customLong("idle-timeout"), help: "Seconds before a connection that sends nothing is closed.") var idleTimeout = 30
        @Flag(name: .customLong("open-enrolment"), help: "Let any counsellor create caseloads without a token from 'vp-relay token create'.")
        var openEnrolment = false
        @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.") var logLevel = "info"
        @Flag(help: "Answer GET /metrics (Prometheus text, no signature needed): keep it behind your proxy's access rules.") var metrics = false
        @Option(name: .customLong("tls-cert"), help: "PEM file with the certificate chain (with --tls-key: serve HTTPS only).") var tlsCert: String?
        @Option(name: .customLong("tls-key"), help: "PEM file with the certificate's private key.") var tlsKey: String?

        func validate() throws {
            guard (tlsCert == nil) == (tlsKey == nil) else { throw ValidationError("Give both --tls-cert and --tls-key, or neither.") }
            guard quotaBytes > 0, counsellorQuotaBytes > 0, (relayQuotaBytes ?? 1) > 0, readerControlBytes > 0, caseloadsPerCounsellor > 0, requestsPerMinute > 0,
                  linkCodesPerDevice > 0, idleTimeout > 0 else {
                throw ValidationError("Quotas and limits must be positive numbers.")
            }
        }

        func run() async throws {
            var logger = Logger(label: "vp-relay")
            logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
            let configuration = RelayConfiguration(
                host: host, port: port, dataDirectory: URL(fileURLWithPath: storage.data),
                maximumEnvelopeBytes: maxEnvelopeBytes, caseloadQuotaBytes: quotaBytes, tlsCertificate: tlsCert, tlsKey: tlsKey,
                database: try storage.address(), servesMetrics: metrics, counsellorQuotaBytes: counsellorQuotaBytes,
                relayQuotaBytes: relayQuotaBytes, openEnrolment: openEnrolment, caseloadsPerCounsellor: caseloadsPerCounsellor,
                mailboxesPerDevice: linkCodesPerDevice, requestsPerMinute: requestsPerMinute, idleTimeoutSeconds: idleTimeout, maximumDatabaseBytes: maxDatabaseBytes,
                readerControlBytes: readerControlBytes)
            let scheme = tlsCert == nil ? "http" : "https"
            let app = try RelayApplication.build(configuration: configuration, logger: logger, onRunning: { port in
                // Unbuffered, so a supervisor or test reading stdout sees the port at once.
                FileHandle.standardOutput.write(Data("vp-relay listening on \(scheme)://\(configuration.host):\(port)\n".utf8))
            })
            try await app.runService()
        }
    }
}
