import Foundation

/// What vp does when it crashes (a bug, or memory gone bad) or is told to quit (Ctrl-\): one
/// sentence on stderr, the terminal put back as it was, and exit status 1. Swift's own crash
/// handler would print the registers and the memory around them, which can hold decrypted
/// case text; core files are switched off for the same reason.
public enum CrashGuard {
    /// Set once, before anything else runs; the handlers may only use what is safe in a
    /// signal handler (write, tcsetattr and _exit on values made beforehand).
    nonisolated(unsafe) private static var crashed: UnsafeMutablePointer<CChar>?
    nonisolated(unsafe) private static var crashedLength = 0
    nonisolated(unsafe) private static var quit: UnsafeMutablePointer<CChar>?
    nonisolated(unsafe) private static var quitLength = 0
    /// A terminal in raw mode (the prompt's line editor, a passphrase prompt) and its settings before.
    nonisolated(unsafe) private static var terminal: Int32 = -1
    nonisolated(unsafe) private static var saved = termios()

    public static func install() {
        var noCoreDumps = rlimit(rlim_cur: 0, rlim_max: 0)
        setrlimit(Int32(RLIMIT_CORE.rawValue), &noCoreDumps)
        (crashed, crashedLength) = prepared("vp stopped on an internal error; what was saved before stays saved, nothing is half written. Please report it (without case details).\n")
        (quit, quitLength) = prepared("vp stopped (quit); what was saved before stays saved, nothing is half written.\n")
        for signal in [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGABRT, SIGQUIT] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                if CrashGuard.terminal >= 0 { tcsetattr(CrashGuard.terminal, TCSANOW, &CrashGuard.saved) }
                let (message, length) = number == SIGQUIT ? (CrashGuard.quit, CrashGuard.quitLength) : (CrashGuard.crashed, CrashGuard.crashedLength)
                if let message { _ = Foundation.write(STDERR_FILENO, message, length) }
                _exit(1)
            }
            sigemptyset(&action.sa_mask)
            sigaction(signal, &action, nil)
        }
    }

    /// While a terminal is in raw mode: how to give it back if vp stops meanwhile.
    static func terminalChanged(_ descriptor: Int32, from settings: termios) {
        saved = settings
        terminal = descriptor
    }

    static func terminalRestored() { terminal = -1 }

    private static func prepared(_ sentence: String) -> (UnsafeMutablePointer<CChar>?, Int) {
        (strdup(sentence), sentence.utf8.count)
    }
}
