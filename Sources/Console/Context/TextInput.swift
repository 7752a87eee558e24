import Foundation

extension CommandContext {
    /// A text argument, where "-" means "read it from standard input": a script can pass
    /// case text without it showing in the process list or the shell history.
    func text(_ value: String?) throws -> String? {
        guard value == "-" else { return value }
        guard !insideRepl else { throw ConsoleError.stdinInRepl }
        guard !standardInputTaken else { throw ConsoleError.invalidValue("Only one value can be read from standard input ('-'); give the others on the command line.") }
        standardInputTaken = true
        let data = standardInput()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func text(_ value: String) throws -> String { try text(Optional(value)) ?? value }
}
