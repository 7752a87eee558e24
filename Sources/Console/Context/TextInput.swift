import Foundation

extension CommandContext {
    /// A text argument, where "-" means "read it from standard input": a script can pass
    /// case text without it showing in the process list or the shell history.
    func text(_ value: String?) throws -> String? {
        guard value == "-" else { return value }
        guard !insideRepl else { throw ConsoleError.stdinInRepl }
        let data = standardInput()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func text(_ value: String) throws -> String { try text(Optional(value)) ?? value }
}
