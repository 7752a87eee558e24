import Foundation

/// What vp does when it crashes (a bug, or memory gone bad): one sentence on stderr and
/// exit status 1. Swift's own crash handler would print the registers and the memory
/// around them, which can hold decrypted case text; core files are switched off for the
/// same reason.
public enum CrashGuard {
    /// Set once, before anything else runs; the handler may only use what is safe in a
    /// signal handler (write and _exit on bytes made beforehand).
    nonisolated(unsafe) private static var message: UnsafeMutablePointer<CChar>?
    nonisolated(unsafe) private static var length = 0
    private static let sentence = "vp stopped on an internal error; what was saved before stays saved, nothing is half written. Please report it (without case details).\n"

    public static func install() {
        var noCoreDumps = rlimit(rlim_cur: 0, rlim_max: 0)
        setrlimit(Int32(RLIMIT_CORE.rawValue), &noCoreDumps)
        message = strdup(sentence)
        length = sentence.utf8.count
        for signal in [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGABRT] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { _ in
                if let message = CrashGuard.message { _ = Foundation.write(STDERR_FILENO, message, CrashGuard.length) }
                _exit(1)
            }
            sigemptyset(&action.sa_mask)
            sigaction(signal, &action, nil)
        }
    }
}
