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
