import Foundation
import Testing
@testable import Console

/// Issue 9, attack 10: the relay speaks HTTPS with a certificate the test makes; vp syncs
/// through it when it trusts that certificate, and refuses otherwise.
@Suite(.serialized) struct TLSEndToEndTests {
    /// A self-signed certificate for 127.0.0.1, made with openssl (as an operator would).
    static func certificate(in folder: URL) throws -> (certificate: String, key: String) {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let certificate = folder.appendingPathComponent("relay.pem").path
        let key = folder.appendingPathComponent("relay-key.pem").path
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        openssl.arguments = ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1",
                             "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", certificate]
        openssl.standardOutput = FileHandle.nullDevice
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        guard openssl.terminationStatus == 0 else { throw TestFailure(message: "openssl could not make a certificate") }
        return (certificate, key)
    }

    @Test func syncsOverHTTPSOnlyWithATrustedCertificate() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vp-tls-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (certificate, key) = try Self.certificate(in: folder)
        let relay = try RelayProcess(options: ["--tls-cert", certificate, "--tls-key", key])
        #expect(relay.url.scheme == "https")
        let laptop = TestHome()
        let url = relay.url.absoluteString

        let untrusted = try VPProcess.run(["sync", "--relay", url], environment: laptop.environment)
        #expect(untrusted.status == Console.ExitStatus.relayUnreachable.rawValue)
        #expect(untrusted.errors.contains("did not show a certificate this computer trusts"))

        var trusting = laptop.environment
        trusting["VP_RELAY_CA"] = certificate
        let synced = try VPProcess.run(["sync", "--relay", url, "--json"], environment: trusting)
        #expect(synced.status == 0, "\(synced.errors)")

        // The same relay over plain http gets nowhere: it speaks only TLS.
        let plain = try VPProcess.run(["sync", "--relay", url.replacingOccurrences(of: "https://", with: "http://")], environment: trusting)
        #expect(plain.status == Console.ExitStatus.relayUnreachable.rawValue)
    }

    @Test func theRelayRefusesToStartWithHalfATLSConfiguration() throws {
        let binary = VPProcess.binary.deletingLastPathComponent().appendingPathComponent("vp-relay")
        let process = Process()
        process.executableURL = binary
        process.arguments = ["serve", "--port", "0", "--tls-cert", "/nonexistent.pem"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus != 0)
        #expect(String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).contains("--tls-key"))
    }
}
