import Foundation

/// A release `vp-relay` on 127.0.0.1, port 0, for the benchmarks.
final class RelayServer {
    let process = Process()
    let data: URL
    private(set) var url: URL!

    /// On `database` (PostgreSQL) instead of SQLite in `data`, and on `port` (0: any free one).
    init(data: URL, database: String? = nil, port: Int = 0) throws {
        self.data = data
        process.executableURL = Binaries.relay
        process.arguments = ["serve", "--port", "\(port)", "--data", data.path, "--log-level", "error", "--quota-bytes", "\(8 << 30)",
                             "--open-enrolment", "--requests-per-minute", "10000000"] + (database.map { ["--database", $0] } ?? [])
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        var text = ""
        while !text.contains("\n") {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { throw BenchFailure("vp-relay did not start") }
            text += String(decoding: chunk, as: UTF8.self)
        }
        guard let range = text.range(of: "http://") else { throw BenchFailure("vp-relay said: \(text)") }
        url = URL(string: String(text[range.lowerBound...]).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// The relay's peak resident memory so far (VmHWM), in MB.
    var peakMemoryMB: Double {
        guard let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kilobytes = Double(line.split(separator: " ", omittingEmptySubsequences: true)[1])
        else { return 0 }
        return kilobytes / 1024
    }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    /// As a crash would: no chance to finish anything.
    func kill() {
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
