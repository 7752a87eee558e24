import Foundation
import Signatures
import WireFormat
import Testing

/// A real relay process against what an attacker on the network sends (issue 15, fault 3).
@Suite struct RelayHardeningTests {
    /// A signed-looking push from a device that is no member, announcing 60 MiB that never
    /// come: refused at once, before the relay waits for or holds any of the body.
    @Test func aStrangersHugePushIsRefusedBeforeItsBodyIsRead() throws {
        let relay = try RelayProcess()
        let caseload = String(repeating: "ab", count: 16)
        let target = "/v1/caseloads/\(caseload)/envelopes"
        let headers = RequestSignature.sign(
            method: "POST", target: target, body: [], keys: SigningKeyPair.generate(),
            milliseconds: UInt64(Date().timeIntervalSince1970 * 1000), nonce: [UInt8](repeating: 1, count: 16))
        let connection = try RawConnection(port: relay.url.port!)
        connection.send("POST \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: \(60 << 20)\r\n"
                        + headers.map { "\($0): \($1)\r\n" }.joined() + "\r\n")
        let answer = connection.receive(within: 5) ?? ""
        #expect(answer.hasPrefix("HTTP/1.1 404") || answer.hasPrefix("HTTP/1.1 403"), "\(answer)")
    }

    /// A member may not send more than the limit either: the announced length is enough.
    @Test func anAnnouncedBodyOverTheLimitIsRefusedAtOnce() throws {
        let relay = try RelayProcess()
        let connection = try RawConnection(port: relay.url.port!)
        connection.send("PUT /v1/links/\(String(repeating: "cd", count: 32))/request HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: \(60 << 20)\r\n\r\n")
        let answer = connection.receive(within: 5) ?? ""
        #expect(answer.hasPrefix("HTTP/1.1 413"), "\(answer)")
    }

    /// Half a header, then silence: the relay closes the connection after its idle timeout.
    @Test func aConnectionThatSendsHalfAHeaderIsClosed() throws {
        let relay = try RelayProcess(options: ["--idle-timeout", "2"])
        let connection = try RawConnection(port: relay.url.port!)
        connection.send("GET /healthz HTTP/1.1\r\nHost: 127.")
        let started = Date()
        #expect(connection.receive(within: 10) == nil)
        #expect(Date().timeIntervalSince(started) < 8)
    }
}

/// Issue 15, fault 4: a relay whose storage is full answers pushes with 507 and a sentence
/// (not an empty 500), says so at /healthz, and goes on serving reads.
@Suite struct FullRelayTests {
    func vp(_ home: TestHome, _ arguments: String...) throws -> VPProcess.Result {
        try VPProcess.run(arguments, environment: home.environment)
    }

    @Test func aFullRelayRefusesPushesWithASentenceAndStillServesReads() throws {
        let relay = try RelayProcess(options: ["--max-database-bytes", "400000"])
        let laptop = TestHome()
        let desktop = TestHome(createVault: false)
        #expect(try vp(laptop, "org", "add", "Acme").status == 0)
        #expect(try vp(laptop, "case", "open", "--org", "Acme", "--summary", "Klein").status == 0)
        #expect(try vp(laptop, "sync", "--relay", relay.url.absoluteString).status == 0)
        let (offer, output, _) = try VPProcess.start(["device", "link"], environment: laptop.environment)
        let code = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
        #expect(try VPProcess.run(["init", "--kdf", "interactive", "--join", code, "--relay", relay.url.absoluteString],
                                  environment: desktop.environment).status == 0)
        offer.waitUntilExit()

        // Half a megabyte of text (five cases of 100 kB) does not fit in what is left of 400 kB.
        let large = (0..<100_000).map { _ in String(UnicodeScalar(UInt8.random(in: 97...122))) }.joined()
        for number in 1...5 { #expect(try vp(laptop, "case", "open", "--org", "Acme", "--summary", "\(number) \(large)").status == 0) }
        let refused = try vp(laptop, "sync")
        #expect(refused.status == 71, "\(refused.errors)")
        #expect(refused.errors.contains("cannot store anything right now"), "\(refused.errors)")
        #expect(try vp(laptop, "case", "show", "2026-006", "--json").output.contains(String(large.prefix(100))))

        let connection = try RawConnection(port: relay.url.port!)
        connection.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        let health = connection.receive(within: 5) ?? ""
        #expect(health.contains("degraded") && health.contains("full since"), "\(health)")

        let read = try vp(desktop, "sync")
        #expect(read.status == 0, "\(read.errors)")
        #expect(try vp(desktop, "case", "show", "2026-001", "--json").output.contains("Klein"))
    }
}

/// Issue 15, fault 3: 30 clients at once start unsigned 60 MiB uploads and keep sending;
/// each gets its 4xx at once and the relay's memory stays under a stated bound.
@Suite struct HostileUploadTests {
    /// The relay's resident memory may not grow above this while the uploads run.
    static let boundMB = 150.0

    @Test func thirtyConcurrentUnsignedHugeUploadsGetTheir4xxAndLeaveMemoryBounded() throws {
        let relay = try RelayProcess()
        let caseload = String(repeating: "ab", count: 16)
        let connections = try (0..<30).map { _ in try RawConnection(port: relay.url.port!) }
        let chunk = String(repeating: "x", count: 1 << 20)
        for connection in connections {
            connection.send("POST /v1/caseloads/\(caseload)/envelopes HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: \(60 << 20)\r\n\r\n")
        }
        // Every one sends 8 MiB of its body, whatever the relay says meanwhile.
        for _ in 0..<8 { for connection in connections { connection.send(chunk) } }
        let answers = connections.map { $0.receive(within: 5) ?? "" }
        #expect(answers.allSatisfy { $0.hasPrefix("HTTP/1.1 4") }, "\(answers.map { $0.prefix(20) })")
        let peak = relay.peakMemoryMB
        #expect(peak > 0 && peak < Self.boundMB, "peak resident memory \(peak) MB")
        print("hostile uploads: relay peak resident memory \(peak) MB")
    }
}
