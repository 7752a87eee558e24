import ArgumentParser
import Casework

/// A command that runs against an injected context instead of the process's globals,
/// so the CLI, the REPL and tests all run the very same code.
protocol ConsoleCommand: ParsableCommand {
    func execute(in context: CommandContext) async throws
}

extension CommandContext {
    var today: LocalDate { LocalDate(milliseconds: wallClock()) }

    /// Writes `json` or `text`, as the options ask.
    func wantsJSON(_ options: OutputOptions) -> Bool { options.json || jsonByDefault }

    func emit(_ options: OutputOptions, json: @autoclosure () -> JSONValue, text: @autoclosure () -> String) {
        output.write(wantsJSON(options) ? json().rendered() : text())
    }
}
