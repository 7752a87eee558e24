import Foundation

/// A new, empty database in the PostgreSQL cluster `Tools/test.sh` starts
/// (`VP_TEST_POSTGRES`), made and read with psql as an operator would.
struct TestDatabase {
    let url: String

    init() throws {
        guard let base = ProcessInfo.processInfo.environment["VP_TEST_POSTGRES"], var components = URLComponents(string: base) else {
            throw TestFailure(message: "VP_TEST_POSTGRES is not set: run bash Tools/test.sh, which starts a PostgreSQL cluster for the tests.")
        }
        let name = "relay_e2e_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased())"
        _ = try Self.psql(base, "CREATE DATABASE \(name)")
        components.path = "/\(name)"
        url = components.string!
    }

    /// Runs one statement and returns its rows, unaligned.
    func query(_ sql: String) throws -> String { try Self.psql(url, sql) }

    private static func psql(_ url: String, _ sql: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        process.arguments = [url, "-v", "ON_ERROR_STOP=1", "-At", "-c", sql]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else { throw TestFailure(message: "psql failed: \(text)") }
        return text
    }
}
