import Casework
import Foundation

/// The interactive prompt: reads lines, splits them into words and runs them through the
/// same `CommandRunner` as the CLI. It never calls `exit`.
struct Repl {
    let context: CommandContext
    let options: VaultOptions

    func run() async throws {
        _ = try context.vault(options)  // unlock once, before the first prompt
        context.insideRepl = true
        defer { context.insideRepl = false }
        var references = ReferenceList()
        do {
            try refresh(&references)
        } catch {
            context.errors.line(CommandRunner.sentence(for: error))
        }
        let reader: LineReader = context.terminal.map { terminal in
            LineEditor(input: terminal.input, output: STDOUT_FILENO) { before in
                Completer(references: references.sorted).candidates(before: before)
            }
        } ?? PipedLineReader()
        if context.terminal != nil {
            context.output.line("Vertrouwd — typ 'help' voor de commando's, 'exit' om te stoppen. (Type 'help' for commands.)")
        }
        while true {
            switch reader.read(prompt: "vp> ") {
            case .end: return
            case .cancelled: continue
            case .line(let line):
                let words: [String]
                do {
                    words = try ShellWords.split(line)
                } catch {
                    context.errors.line("A quote is not closed; close it and try again.")
                    continue
                }
                guard var command = words.first else { continue }
                var arguments = Array(words.dropFirst())
                if command == "vp", let next = arguments.first {
                    command = next
                    arguments.removeFirst()
                }
                switch command {
                case "exit", "quit": return
                case "help": _ = await CommandRunner.run(arguments + ["--help"], in: context)
                default: _ = await CommandRunner.run([command] + arguments, in: context)
                }
                do {
                    try refresh(&references)
                } catch {
                    context.errors.line(CommandRunner.sentence(for: error))
                }
            }
        }
    }

    /// Updates the completions from what the last command changed.
    private func refresh(_ references: inout ReferenceList) throws {
        guard let vault = context.openVault else { return }
        defer {
            context.changedRecords = []
            context.writtenBatches = 0
        }
        try references.refresh(vault, changed: context.changedRecords, batches: context.writtenBatches)
    }
}
