import Foundation
import Testing

/// A real `vp-relay serve` on 127.0.0.1 with port 0, stopped when released.
final class RelayProcess {
    let process = Process()
    let dataDirectory: URL
    private(set) var url: URL!
    /// A restarted relay leaves the folder to the test that made it.
    private var keepData = false
    /// Where its log (standard error) goes.
    let logFile = FileManager.default.temporaryDirectory.appendingPathComponent("vp-relay-log-\(UUID().uuidString)")

    /// What it logged so far.
    var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    /// Starts a relay on a new data folder, or on `dataDirectory` (a restart); `options`
    /// are passed on (e.g. --tls-cert and --tls-key). Enrolment is open unless `enrolment`
    /// (then a token from `vp-relay token create` is needed).
    init(dataDirectory existing: URL? = nil, options: [String] = [], enrolment: Bool = false, logLevel: String = "warning") throws {
        dataDirectory = existing ?? FileManager.default.temporaryDirectory.appendingPathComponent("vp-relay-\(UUID().uuidString)")
        keepData = existing != nil
        let binary = VPProcess.binary.deletingLastPathComponent().appendingPathComponent("vp-relay")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw TestFailure(message: "vp-relay is not built at \(binary.path); run 'swift build' first")
        }
        process.executableURL = binary
        process.arguments = ["serve", "--host", "127.0.0.1", "--port", "0", "--data", dataDirectory.path, "--log-level", logLevel] + options
            + (enrolment ? [] : ["--open-enrolment"])
        let output = Pipe()
        process.standardOutput = output
        FileManager.default.createFile(atPath: logFile.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: logFile)
        try process.run()
        // The first line names the port it got.
        var line = Data()
        while !line.contains(10) {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { throw TestFailure(message: "vp-relay exited before listening") }
            line += chunk
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let range = text.range(of: "https://") ?? text.range(of: "http://"), let end = text[range.lowerBound...].firstIndex(of: "\n") else {
            throw TestFailure(message: "unexpected relay output: \(text)")
        }
        url = URL(string: String(text[range.lowerBound..<end]))
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: logFile)
        if !keepData { try? FileManager.default.removeItem(at: dataDirectory) }
    }

    /// Stops the relay but leaves its data for a restart.
    func stopKeepingData() {
        keepData = true
        stop()
    }

    /// Asks the relay to shut down gracefully; a relay still running after 10 seconds is a
    /// failure (it would hang every operator's restart), then killed so the suite goes on.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning {
            Issue.record("vp-relay did not shut down within 10 seconds of SIGTERM")
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
    }

    /// The relay's peak resident memory so far (VmHWM), in MB; 0 when unreadable.
    var peakMemoryMB: Double {
        guard let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kilobytes = Double(line.split(separator: " ", omittingEmptySubsequences: true)[1])
        else { return 0 }
        return kilobytes / 1024
    }

    var databasePath: String { dataDirectory.appendingPathComponent("relay.sqlite").path }
}
