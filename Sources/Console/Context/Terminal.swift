import Foundation

/// The user's terminal: reads a line without echo, for passphrases.
public final class Terminal {
    let input: Int32
    let output: Int32

    init(input: Int32, output: Int32) {
        self.input = input
        self.output = output
    }

    /// The terminal on standard input, if there is one.
    public static func controlling() -> Terminal? {
        isatty(STDIN_FILENO) == 1 ? Terminal(input: STDIN_FILENO, output: STDERR_FILENO) : nil
    }

    /// Prompts and reads one line (with echo); nil at end of input. Ctrl-C throws
    /// `CancellationError`: the command stops there.
    func readLine(prompt: String) throws -> String? {
        FileDescriptorStream(output).write(prompt)
        return try readLineBytes().map { String(decoding: $0, as: UTF8.self) }
    }

    /// Prompts and reads one line with echo off; nil at end of input. Ctrl-C throws
    /// `CancellationError` with echo back on; a signal that ends the process meanwhile (a
    /// closed terminal) first turns echo back on, so the user's shell does not go on hiding
    /// what they type.
    func readSecret(prompt: String) throws -> [UInt8]? {
        var saved = termios()
        let hasTerminal = tcgetattr(input, &saved) == 0
        if hasTerminal {
            // Ctrl-C stops only the command (`TerminalInterrupt`); these end vp.
            TerminalRestorer.arm(input, saved, signals: [SIGTERM, SIGHUP, SIGQUIT])
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(input, TCSAFLUSH, &quiet)
        }
        defer {
            if hasTerminal {
                tcsetattr(input, TCSAFLUSH, &saved)
                TerminalRestorer.disarm()
            }
            FileDescriptorStream(output).write("\n")
        }
        // Only now: whatever is typed after the prompt appears is never echoed.
        FileDescriptorStream(output).write(prompt)
        return try readLineBytes()
    }

    /// One line from the terminal, without its line ending; nil at end of input.
    private func readLineBytes() throws -> [UInt8]? {
        try TerminalInterrupt.watching {
            var line: [UInt8] = []
            var byte: UInt8 = 0
            while true {
                try TerminalInterrupt.waitForInput(on: input)
                let count = read(input, &byte, 1)
                if count < 0 && errno == EINTR { continue }
                guard count == 1 else { break }
                if byte == 10 || byte == 13 { return line }
                line.append(byte)
            }
            return line.isEmpty ? nil : line
        }
    }
}
