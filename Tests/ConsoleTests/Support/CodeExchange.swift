import Foundation
import Testing

/// Runs an inviting command (`caseload invite`, `device link`) on `host` and the joining one
/// on `guest` with the code it prints, as two people at two computers would.
enum CodeExchange {
    static func run(host: TestHome, _ hostArguments: [String], guest: TestHome, _ guestArguments: (String) -> [String]) throws {
        let (offer, output, _) = try VPProcess.start(hostArguments, environment: host.environment)
        let code = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
        let joined = try VPProcess.run(guestArguments(code), environment: guest.environment)
        #expect(joined.status == 0, "\(joined.errors)")
        offer.waitUntilExit()
        #expect(offer.terminationStatus == 0)
    }
}
