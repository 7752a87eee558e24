import Foundation
import Testing

/// Two `vp-relay` processes on one PostgreSQL database, as an operator runs them behind a
/// load balancer: devices that reach different instances share one caseload, and an
/// instance that stops and comes back loses nothing.
@Suite(.serialized) struct PostgresRelayEndToEndTests {
    let laptop = TestHome()
    let desktop = TestHome(createVault: false)
    let marker = "MRK\(UInt32.random(in: 100_000...999_999))"

    func vp(_ home: TestHome, _ arguments: String...) throws -> VPProcess.Result {
        try VPProcess.run(arguments, environment: home.environment)
    }

    func summary(_ home: TestHome) throws -> String {
        try vp(home, "case", "show", "2026-001", "--json").output
    }

    @Test func devicesOnDifferentInstancesShareACaseloadAndAStoppedInstanceLosesNothing() throws {
        let database = try TestDatabase()
        var first = try RelayProcess(options: ["--database", database.url])
        let second = try RelayProcess(options: ["--database", database.url])

        #expect(try vp(laptop, "org", "add", "Org \(marker)").status == 0)
        #expect(try vp(laptop, "case", "open", "--org", "Org \(marker)", "--summary", "Basis \(marker)").status == 0)
        let pushed = try vp(laptop, "sync", "--relay", first.url.absoluteString)
        #expect(pushed.status == 0, "\(pushed.errors)")
        // The link mailbox opened through one instance is answered through the other.
        let (offer, output, _) = try VPProcess.start(["device", "link"], environment: laptop.environment)
        let code = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
        let joined = try VPProcess.run(
            ["init", "--kdf", "interactive", "--join", code, "--relay", second.url.absoluteString], environment: desktop.environment)
        #expect(joined.status == 0, "\(joined.errors)")
        offer.waitUntilExit()
        #expect(offer.terminationStatus == 0)
        #expect(try summary(desktop).contains("Basis \(marker)"))

        _ = try vp(laptop, "case", "set", "2026-001", "summary", "Laptop \(marker)")
        #expect(try vp(laptop, "sync").status == 0)
        #expect(try vp(desktop, "sync").status == 0)
        #expect(try summary(desktop).contains("Laptop \(marker)"))

        // The laptop's instance stops; the desktop goes on through the other one.
        first.stop()
        _ = try vp(desktop, "case", "set", "2026-001", "summary", "Desktop \(marker)")
        #expect(try vp(desktop, "sync").status == 0)
        first = try RelayProcess(options: ["--database", database.url])
        let resumed = try vp(laptop, "sync", "--relay", first.url.absoluteString)
        #expect(resumed.status == 0, "\(resumed.errors)")
        #expect(try summary(laptop).contains("Desktop \(marker)"))
        #expect(try summary(laptop) == (try summary(desktop)))

        // Numbers without gaps, and only ciphertext in the database.
        let numbers = try database.query("SELECT sequence FROM envelope ORDER BY caseload, sequence").split(separator: "\n")
        #expect(!numbers.isEmpty)
        let stored = try database.query("SELECT encode(data, 'hex') FROM envelope UNION ALL SELECT encode(entry, 'hex') FROM membership")
        let hexMarker = Data(marker.utf8).map { String(format: "%02x", $0) }.joined()
        #expect(!stored.isEmpty && !stored.contains(hexMarker))
        let gaps = try database.query("""
            SELECT count(*) FROM caseload c WHERE c.last_sequence <> (SELECT count(*) FROM envelope e WHERE e.caseload = c.caseload)
            """)
        #expect(gaps.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
    }
}
