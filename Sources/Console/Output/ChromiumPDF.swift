import Foundation

/// Prints an HTML page to an A4 PDF with headless Chromium: the report's layout, charts and
/// page numbers exactly as a browser prints them. Chromium is not a dependency of vp; a
/// PDF is written only where it is installed.
enum ChromiumPDF {
    static let timeLimit: Double = 60

    /// `$VP_CHROMIUM`, else the first of the usual names on `$PATH`.
    static func executable(_ environment: [String: String]) -> String? {
        if let chosen = environment["VP_CHROMIUM"], !chosen.isEmpty { return chosen }
        let folders = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        for name in ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"] {
            for folder in folders where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") { return "\(folder)/\(name)" }
        }
        return nil
    }

    /// The PDF of `html`. The page and a throwaway browser profile live in a private folder
    /// that is wiped afterwards; nothing is fetched (the page has no external resources).
    static func render(_ html: String, environment: [String: String]) throws -> [UInt8] {
        guard let chromium = executable(environment) else { throw ConsoleError.chromiumMissing }
        let folder = try PrivateFolder()
        defer { folder.remove() }
        let page = folder.file("report.html", contents: Data(html.utf8))
        let pdf = folder.url.appendingPathComponent("report.pdf")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        process.arguments = [
            "--headless", "--disable-gpu", "--no-first-run", "--disable-extensions", "--disable-background-networking",
            "--no-pdf-header-footer", "--user-data-dir=\(folder.url.appendingPathComponent("profile").path)",
            "--print-to-pdf=\(pdf.path)", page.absoluteString,
        ] + (geteuid() == 0 ? ["--no-sandbox"] : [])  // Chromium refuses its sandbox as root; the page is our own, escaped, without scripts
        // Its temporary files and any profile leftovers stay in the private folder too.
        var environment = ProcessInfo.processInfo.environment
        environment["TMPDIR"] = folder.url.path
        environment["HOME"] = folder.url.path
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { throw ConsoleError.chromiumFailed(chromium) }
        // A Chromium that hangs does not hang vp.
        let pid = process.processIdentifier
        let deadline = DispatchWorkItem { kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + Self.timeLimit, execute: deadline)
        process.waitUntilExit()
        deadline.cancel()
        guard process.terminationStatus == 0, let bytes = FileManager.default.contents(atPath: pdf.path), bytes.starts(with: Array("%PDF".utf8)) else {
            throw ConsoleError.chromiumFailed(chromium)
        }
        return Array(bytes)
    }
}
