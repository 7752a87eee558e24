import Foundation

/// Puts the terminal back as it was when a signal ends vp while the terminal is changed (echo
/// off for a passphrase, raw for the prompt's line editor), so the user's shell does not go
/// on hiding what they type; a crash meanwhile is `CrashGuard`'s, told here as well. The
/// handler only calls async-signal-safe functions (tcsetattr, signal, raise).
enum TerminalRestorer {
    nonisolated(unsafe) static var descriptor: Int32 = -1
    nonisolated(unsafe) static var saved = termios()
    nonisolated(unsafe) static var previous: [Int32: __sighandler_t?] = [:]

    static func arm(_ descriptor: Int32, _ state: termios, signals: [Int32]) {
        saved = state
        self.descriptor = descriptor
        CrashGuard.terminalChanged(descriptor, from: state)
        for number in signals { previous[number] = signal(number, restoreAndDie) }
    }

    static func disarm() {
        for (number, handler) in previous { signal(number, handler ?? SIG_DFL) }
        previous = [:]
        descriptor = -1
        CrashGuard.terminalRestored()
    }
}

private func restoreAndDie(_ number: Int32) {
    if TerminalRestorer.descriptor >= 0 { tcsetattr(TerminalRestorer.descriptor, TCSANOW, &TerminalRestorer.saved) }
    signal(number, SIG_DFL)
    raise(number)
}
