import ArgumentParser
import Casework
import Foundation

/// Parses words into a command and runs it: the one path shared by the CLI and the REPL.
public enum CommandRunner {
    /// Runs one command line (without the leading `vp`) and returns its exit code.
    public static func run(_ typed: [String], in context: CommandContext) async -> Int32 {
        let words = movingLeadingOutputOptions(joiningNegativeNumbers(typed))
        if words.first == "--version", Self.withoutLanguage(Array(words.dropFirst())).allSatisfy({ $0 == "--json" }) {
            let json = words.contains("--json") || context.jsonByDefault
            context.output.write(json ? JSONValue.object([("version", .string(VP.versionNumber)), ("sync_protocol", .integer(Int64(VP.syncProtocol)))]).rendered()
                                      : (VP.configuration.version) + "\n")
            return ExitStatus.success.rawValue
        }
        if words.first == "help" || words.contains("--help") || words.contains("-h") {
            let path = words.first == "help" ? Array(words.dropFirst()) : words
            // `vp help frob` is about a command that does not exist: say so, not the overview.
            if words.first == "help", let unknown = unknownCommand(in: path) {
                context.errors.line(bounded("Unknown command '\(DisplayText.line(unknown))'; run 'vp help' to see the commands."))
                return ExitStatus.usage.rawValue
            }
            context.output.write(VP.helpMessage(for: commandType(at: path)) + "\n")
            return ExitStatus.success.rawValue
        }
        let command: ParsableCommand
        do {
            command = try VP.parseAsRoot(words)
        } catch {
            if let unknown = unknownCommand(in: words) {
                context.errors.line(bounded("Unknown command '\(DisplayText.line(unknown))'; run 'vp help' to see the commands."))
                return ExitStatus.usage.rawValue
            }
            if let negative = words.first(where: isNegativeNumber) {
                // A negative number standing alone (`contact edit REF -1`) reads as a flag to
                // the parser, which then misses an argument; say what is wrong with it.
                context.errors.line(bounded("'\(negative)' is not a value vp takes here: none of its numbers is below zero; check what you typed."))
                return ExitStatus.invalidInput.rawValue
            }
            return report(parseError: error, words: words, in: context)
        }
        guard let runnable = command as? ConsoleCommand else {
            // A group such as `vp case` on its own: show what it offers.
            context.output.write(VP.helpMessage(for: type(of: command)) + "\n")
            return ExitStatus.success.rawValue
        }
        do {
            try await runnable.execute(in: context)
            // A report redirected to a full disk must not look written.
            guard !context.output.hasFailed else {
                context.errors.line("The output could not all be written (a full disk, or a closed pipe); what the command saved stays saved.")
                return ExitStatus.storage.rawValue
            }
            return ExitStatus.success.rawValue
        } catch let error as ValidationError {
            context.errors.line(bounded(DisplayText.line(error.message)))
            return ExitStatus.usage.rawValue
        } catch is CancellationError {
            context.errors.line("Stopped (Ctrl-C); what was saved before stays saved.")
            return ExitStatus.interrupted.rawValue
        } catch {
            context.errors.line(bounded(DisplayText.line(sentence(for: error))))
            return ExitStatus.of(error).rawValue
        }
    }

    /// The process entry point: no arguments on a terminal opens the REPL.
    public static func main(_ arguments: [String], in context: CommandContext = CommandContext()) async -> Int32 {
        if arguments.isEmpty {
            return await run(context.terminal == nil ? ["--help"] : ["repl"], in: context)
        }
        return await run(arguments, in: context)
    }

    /// The deepest command named by the leading words, e.g. `case open` in `case open --help`.
    static func commandType(at words: [String]) -> ParsableCommand.Type {
        var current: ParsableCommand.Type = VP.self
        for word in words {
            guard let next = current.configuration.subcommands.first(where: { $0._commandName == word }) else { break }
            current = next
        }
        return current
    }

    /// `vp --lang en case list` as `vp case list --lang en`: the output options every
    /// command takes may come first too.
    static func movingLeadingOutputOptions(_ words: [String]) -> [String] {
        var leading: [String] = []
        var rest = words[...]
        while let first = rest.first {
            if first == "--json" || first.hasPrefix("--lang=") {
                leading.append(first)
                rest = rest.dropFirst()
            } else if first == "--lang", rest.count >= 2 {
                leading += rest.prefix(2)
                rest = rest.dropFirst(2)
            } else {
                break
            }
        }
        return Array(rest) + leading
    }

    /// `--minutes -5` as `--minutes=-5`: the parser would take `-5` for a flag and say a value
    /// is missing, where the command can say what the number must be.
    static func joiningNegativeNumbers(_ words: [String]) -> [String] {
        var joined: [String] = []
        var index = 0
        while index < words.count {
            let word = words[index]
            // A negative value (`--minutes -5`, `--for -5m`) is a value, judged by the command,
            // not a flag the parser would miss a value for.
            if word.hasPrefix("--"), !word.contains("="), index + 1 < words.count, words[index + 1].hasPrefix("-"),
               words[index + 1].dropFirst().first?.isNumber == true {
                joined.append(word + "=" + words[index + 1])
                index += 2
            } else {
                joined.append(word)
                index += 1
            }
        }
        return joined
    }

    static func isNegativeNumber(_ word: String) -> Bool {
        word.count > 1 && word.hasPrefix("-") && word.dropFirst().allSatisfy(\.isNumber)
    }

    /// `words` without `--lang X` (the version has no labels to translate).
    static func withoutLanguage(_ words: [String]) -> [String] {
        guard let index = words.firstIndex(of: "--lang") else { return words }
        return Array(words[..<index] + words[min(index + 2, words.count)...])
    }

    /// The word that names no command where a command is expected (`vp frobnicate`, `vp case frobnicate`).
    static func unknownCommand(in words: [String]) -> String? {
        var current: ParsableCommand.Type = VP.self
        for word in words {
            let subcommands = current.configuration.subcommands
            guard !subcommands.isEmpty, !word.hasPrefix("-") else { return nil }
            guard let next = subcommands.first(where: { $0._commandName == word }) else {
                // A group with a default subcommand takes its words as arguments (`vp report --org …`).
                return current.configuration.defaultSubcommand == nil ? word : nil
            }
            current = next
        }
        return nil
    }

    private static func report(parseError error: Error, words: [String], in context: CommandContext) -> Int32 {
        if VP.exitCode(for: error) == .success {
            // Help, or a completion script (`--generate-completion-script SHELL`).
            context.output.write(CompletionScript.adjusted(VP.fullMessage(for: error), shell: CompletionScript.shell(in: words)) + "\n")
            return ExitStatus.success.rawValue
        }
        var message = VP.message(for: error).trimmingCharacters(in: .whitespacesAndNewlines)
        if let firstLine = message.split(separator: "\n").first { message = String(firstLine) }
        if message.hasSuffix(".") { message.removeLast() }
        context.errors.line(bounded(DisplayText.line("\(message); add --help to see how to use the command.")))
        // A value the option cannot take (a number too large for it) is bad input, not usage.
        return message.hasPrefix("The value '") ? ExitStatus.invalidInput.rawValue : ExitStatus.usage.rawValue
    }

    /// A sentence that repeats a huge argument keeps its start and its advice at the end.
    static func bounded(_ sentence: String, limit: Int = 600) -> String {
        guard sentence.count > limit else { return sentence }
        return String(sentence.prefix(limit / 2)) + "…" + String(sentence.suffix(limit / 3))
    }

    /// One sentence for the person at the keyboard; never a stack trace or case content.
    static func sentence(for error: Error) -> String {
        if let described = (error as? LocalizedError)?.errorDescription { return described }
        return "Unexpected error (\(type(of: error))); nothing was changed, please report this."
    }
}
