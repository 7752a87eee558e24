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
                default: status = isScript ? await CommandRunner.run([command] + arguments, in: context) : await interruptibly([command] + arguments)
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

    /// Runs a typed command so that Ctrl-C stops it and not the prompt: the signal cancels
    /// the command's task (a watching sync, a wait for a colleague end at once; a write in
    /// progress finishes or leaves nothing). A second Ctrl-C while it winds down ends vp.
    private func interruptibly(_ words: [String]) async -> Int32 {
        // The prompt waits for the task and does nothing else meanwhile.
        nonisolated(unsafe) let context = context
        let task = Task { await CommandRunner.run(words, in: context) }
        Interrupts.count = 0
        let previous = signal(SIGINT) { _ in
            Interrupts.count += 1
            if Interrupts.count > 1 { signal(SIGINT, SIG_DFL); raise(SIGINT) }
        }
        // The handler may only note the signal; this passes it on to the task.
        let watcher = Task {
            while !Task.isCancelled, Interrupts.count == 0 { try? await Task.sleep(for: .milliseconds(50)) }
            if Interrupts.count > 0 { task.cancel() }
        }
        let status = await task.value
        watcher.cancel()
        signal(SIGINT, previous)
        return status
    }

    /// Ctrl-Cs seen while a command runs (written by the signal handler only).
    private enum Interrupts {
        nonisolated(unsafe) static var count: sig_atomic_t = 0
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
