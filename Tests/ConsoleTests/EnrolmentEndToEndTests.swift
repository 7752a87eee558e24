import Foundation
import Testing
@testable import Console

/// A relay that creates caseloads only for counsellors its operator enrolled: the operator
/// makes a token, the counsellor brings it once, nobody else can use it.
@Suite struct EnrolmentEndToEndTests {
    func vp(_ home: TestHome, _ arguments: String...) throws -> VPProcess.Result {
        try VPProcess.run(arguments, environment: home.environment)
    }

    func token(for relay: RelayProcess) throws -> String {
        let process = Process()
        process.executableURL = VPProcess.binary.deletingLastPathComponent().appendingPathComponent("vp-relay")
        process.arguments = ["token", "create", "--data", relay.dataDirectory.path, "--valid-days", "2"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func aCounsellorSyncsOnlyWithTheOperatorsTokenWhichWorksOnce() throws {
        let relay = try RelayProcess(enrolment: true)
        let counsellor = TestHome()
        let stranger = TestHome()
        let url = relay.url.absoluteString
        #expect(try vp(counsellor, "org", "add", "Org").status == 0)

        let refused = try vp(counsellor, "sync", "--relay", url)
        #expect(refused.status == ExitStatus.relayRefused.rawValue)
        #expect(refused.errors.contains("--enrolment"), "\(refused.errors)")

        let token = try token(for: relay)
        #expect(token.hasPrefix("vpe-") && token.count == 36)
        let enrolled = try vp(counsellor, "sync", "--relay", url, "--enrolment", token)
        #expect(enrolled.status == 0, "\(enrolled.errors)")
        // Enrolled once: later syncs and new caseloads need no token.
        #expect(try vp(counsellor, "caseload", "create", "Intervisie").status == 0)
        #expect(try vp(counsellor, "sync").status == 0)

        let reused = try vp(stranger, "sync", "--relay", url, "--enrolment", token)
        #expect(reused.status == ExitStatus.relayRefused.rawValue)
    }
}
