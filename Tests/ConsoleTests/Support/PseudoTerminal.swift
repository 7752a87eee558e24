import Foundation

/// Runs `vp` on a pseudo-terminal so the REPL's line editor sees a real terminal:
/// keystrokes go in through the master side, the screen comes back from it.
final class PseudoTerminal {
    let process = Process()
    private let master: Int32
    private(set) var screen = ""

    init(arguments: [String], environment: [String: String], columns: UInt16 = 80) throws {
        var master: Int32 = 0
        var slave: Int32 = 0
        var size = winsize(ws_row: 24, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        guard openpty(&master, &slave, nil, nil, &size) == 0 else { throw TestFailure(message: "openpty failed") }
        self.master = master
        let handle = FileHandle(fileDescriptor: slave, closeOnDealloc: true)
        process.executableURL = VPProcess.binary
        process.arguments = arguments
        process.environment = environment
        process.standardInput = handle
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }

    deinit {
        if process.isRunning { process.terminate() }
        close(master)
    }

    func type(_ text: String) { send(Array(text.utf8)) }

    /// The terminal's local modes now (echo, canonical input), as the shell would find them.
    func localModes() -> tcflag_t {
        var settings = termios()
        tcgetattr(master, &settings)
        return settings.c_lflag
    }

    func send(_ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
    }

    /// Reads until `text` is on the screen (after the last `clear()`, and after `marker` when
    /// given, e.g. a prompt that follows an error), or fails after 10 s.
    @discardableResult
    func waitFor(_ text: String, after marker: String? = nil, timeout: TimeInterval = 10) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        func shown() -> Bool {
            guard let marker else { return screen.contains(text) }
            guard let found = screen.range(of: marker, options: .backwards) else { return false }
            return screen[found.upperBound...].contains(text)
        }
        while !shown() {
            guard Date() < deadline else { throw TestFailure(message: "timed out waiting for \(text.debugDescription); screen: \(screen.debugDescription)") }
            var poller = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 100) > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = read(master, &buffer, buffer.count)
            if count <= 0 { continue }
            screen += String(decoding: buffer[..<count], as: UTF8.self)
        }
        return screen
    }

    func clear() { screen = "" }

    /// Whether the terminal echoes what is typed (the settings are shared by both sides).
    var echoes: Bool {
        var settings = termios()
        return tcgetattr(master, &settings) == 0 && settings.c_lflag & tcflag_t(ECHO) != 0
    }

    func waitForExit(timeout: TimeInterval = 10) throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            guard Date() < deadline else { throw TestFailure(message: "vp did not exit; screen: \(screen.debugDescription)") }
            // Keep draining so the child never blocks on a full terminal buffer.
            _ = try? waitFor("\u{0}", timeout: 0.05)
        }
        return process.terminationStatus
    }
}
