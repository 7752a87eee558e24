import Casework
import Foundation

/// The interactive prompt: reads lines, splits them into words and runs them through the
/// same `CommandRunner` as the CLI. It never calls `exit`. Fed a script (not a terminal), it
/// stops at the first line that fails and ends with that line's exit code, as `sqlite3
/// -bail` does; lines starting with `#` are comments.
struct Repl {
    let context: CommandContext
    let options: VaultOptions

    func run() async throws {
        _ = try context.vault(options)  // unlock once, before the first prompt
        context.insideRepl = true
        defer { context.insideRepl = false }
        var names = RegisterNames()
        do {
            try refresh(&names)
        } catch {
            context.errors.line(CommandRunner.sentence(for: error))
        }
        let reader: LineReader = context.terminal.map { terminal in
            LineEditor(input: terminal.input, output: STDOUT_FILENO) { before in
                Completer(references: names.sortedReferences, organisations: names.organisations, caseloads: names.caseloads).complete(before: before)
            }
        } ?? PipedLineReader()
        if context.terminal != nil {
            context.output.line("Vertrouwd — typ 'help' voor de commando's, 'exit' om te stoppen. (Type 'help' for commands.)")
            // Issue 14, item 2: what is due today, at the start of the day's work.
            let labels = Labels(language: Language(rawValue: context.defaultLanguage) ?? .nl)
            if let line = try? AgendaText.greeting(Agenda(book: context.casebook(options), today: context.today, until: context.today), labels) {
                context.output.line(line)
            }
        }
        let isScript = context.terminal == nil
        var number = 0
        while true {
            switch reader.read(prompt: "vp> ") {
            case .end: return
            case .cancelled: continue
            case .line(let line):
                number += 1
                if line.trimmingCharacters(in: .whitespaces).hasPrefix("#") { continue }
                let words: [String]
                do {
                    words = try ShellWords.split(line)
                } catch {
                    context.errors.line("A quote is not closed; close it and try again.")
                    if isScript { throw ConsoleError.scriptLineFailed(line: number, status: ExitStatus.usage.rawValue) }
                    continue
                }
                guard var command = words.first else { continue }
                var arguments = Array(words.dropFirst())
                if command == "vp", let next = arguments.first {
                    command = next
                    arguments.removeFirst()
                }
                let status: Int32
                switch command {
                case "exit", "quit": return
                case "help": status = await CommandRunner.run(arguments + ["--help"], in: context)
                default: status = await CommandRunner.run([command] + arguments, in: context)
                }
                if isScript && status != 0 { throw ConsoleError.scriptLineFailed(line: number, status: status) }
                do {
                    try refresh(&names)
                } catch {
                    context.errors.line(CommandRunner.sentence(for: error))
                }
            }
        }
    }

    /// Updates the completions from what the last command changed.
    private func refresh(_ names: inout RegisterNames) throws {
        guard let vault = context.openVault else { return }
        defer {
            context.changedRecords = []
            context.writtenBatches = 0
        }
        try names.refresh(vault, changed: context.changedRecords, batches: context.writtenBatches)
    }
}
