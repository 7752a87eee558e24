import Foundation

/// Ctrl-C while vp waits for the user to type (a passphrase, a yes/no question). A blocked
/// read is not woken by a signal that lands on another thread, and a Ctrl-C that only took
/// effect at the next Enter let "j" still confirm a command the user meant to stop. So the
/// handler writes a byte into a pipe that the wait watches beside the terminal.
enum TerminalInterrupt {
    /// The pipe's ends: the handler writes, the wait polls.
    nonisolated(unsafe) static var writeEnd: Int32 = -1
    nonisolated(unsafe) static var readEnd: Int32 = -1
    private static let opened: Bool = {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return false }
        for end in ends {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        (readEnd, writeEnd) = (ends[0], ends[1])
        return true
    }()

    /// Runs `body` with Ctrl-C noted in the pipe instead of its usual effect; the handler
    /// in place before (the prompt's, or none) comes back afterwards.
    static func watching<T>(_ body: () throws -> T) rethrows -> T {
        guard opened else { return try body() }
        drain()
        let previous = signal(SIGINT, noteInterrupt)
        defer { signal(SIGINT, previous) }
        return try body()
    }

    /// Waits until `descriptor` can be read; throws `CancellationError` on Ctrl-C.
    static func waitForInput(on descriptor: Int32) throws {
        var ends = [pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0), pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)]
        while poll(&ends, readEnd >= 0 ? 2 : 1, -1) < 0 && errno == EINTR {}
        if readEnd >= 0 && ends[1].revents != 0 {
            drain()
            throw CancellationError()
        }
    }

    private static func drain() {
        var bytes = [UInt8](repeating: 0, count: 16)
        while read(readEnd, &bytes, bytes.count) > 0 {}
    }
}

/// Only `write`, which is safe in a signal handler.
private func noteInterrupt(_: Int32) {
    var byte: UInt8 = 1
    _ = write(TerminalInterrupt.writeEnd, &byte, 1)
}
