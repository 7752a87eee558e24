import ArgumentParser
import Foundation
import Logging
import Relay

/// `vp-relay token create`: an enrolment token for one counsellor.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Make enrolment tokens, which let a counsellor create caseloads here.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a new one-time enrolment token.",
            discussion: "Give it to one counsellor, who runs: vp sync --relay URL --enrolment TOKEN. The relay keeps only its hash.")

        @OptionGroup var storage: StorageOptions
        @Option(name: .customLong("valid-days"), help: "Days before an unused token expires.") var validDays = 14

        func validate() throws {
            guard (1...365).contains(validDays) else { throw ValidationError("--valid-days must be between 1 and 365.") }
        }

        func run() async throws {
            var logger = Logger(label: "vp-relay")
            logger.logLevel = .warning
            let configuration = RelayConfiguration(dataDirectory: URL(fileURLWithPath: storage.data), database: try storage.address())
            let token = try await EnrolmentTokenIssuer.issue(configuration: configuration, validFor: validDays, logger: logger)
            print(token)
        }
    }
}
