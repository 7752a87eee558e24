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
        static let configuration = CommandConfiguration(abstract: "Serve the relay API over HTTP.")

        @Option(help: "Address to listen on.") var host = "127.0.0.1"
        @Option(help: "Port to listen on; 0 picks a free one (printed at start).") var port = 8080
        @Option(help: "Folder for relay.sqlite.") var data = "./relay-data"
        @Option(name: .customLong("max-envelope-bytes"), help: "Largest envelope accepted.") var maxEnvelopeBytes = 4 << 20
        @Option(name: .customLong("quota-bytes"), help: "Storage per caseload.") var quotaBytes: Int64 = 1 << 30
        @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.") var logLevel = "info"

        func run() async throws {
            var logger = Logger(label: "vp-relay")
            logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
            let configuration = RelayConfiguration(
                host: host, port: port, dataDirectory: URL(fileURLWithPath: data),
                maximumEnvelopeBytes: maxEnvelopeBytes, caseloadQuotaBytes: quotaBytes)
            let app = try RelayApplication.build(configuration: configuration, logger: logger, onRunning: { port in
                // Unbuffered, so a supervisor or test reading stdout sees the port at once.
                FileHandle.standardOutput.write(Data("vp-relay listening on http://\(configuration.host):\(port)\n".utf8))
            })
            try await app.runService()
        }
    }
}
