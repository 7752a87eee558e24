import ArgumentParser
import Casework
import WireFormat

/// Tab completion for the prompt, by context: command names, then subcommands; then, for
/// the command being typed, its flags, the values the option just typed takes (codes,
/// formats, organisation and caseload names), or what its next argument is (a case
/// reference, a field, a tag).
struct Completer {
    let references: [String]
    let organisations: [String]
    let caseloads: [String]

    /// The word being completed: where it starts in the line, and what it says so far.
    struct Completion: Equatable {
        /// How many characters before the cursor the chosen candidate replaces.
        let replacing: Int
        /// Whole replacements for the word (a name with a space comes quoted).
        let candidates: [String]
    }

    func complete(before: String) -> Completion {
        let (start, typed) = Self.split(before)
        let raw = String(before[start...])
        let current = raw.hasPrefix("\"") || raw.hasPrefix("'") ? String(raw.dropFirst()) : raw
        let matching = candidates(typed: typed, current: current).filter { $0.hasPrefix(current) }
        return Completion(replacing: raw.count, candidates: matching.map(Self.typed))
    }

    /// A candidate as it must be typed to come back as one word: quoted when it holds a space
    /// or a quote, with `"` and `\` escaped inside.
    static func typed(_ word: String) -> String {
        guard word.contains(where: { " \"'\\".contains($0) }) else { return word }
        return "\"" + word.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// The words typed before the current one, and where the current one starts (after the
    /// last space outside quotes).
    static func split(_ line: String) -> (String.Index, [String]) {
        var start = line.startIndex
        var quote: Character?
        var index = line.startIndex
        while index < line.endIndex {
            let character = line[index]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == " " {
                start = line.index(after: index)
            }
            index = line.index(after: index)
        }
        return (start, (try? ShellWords.split(String(line[..<start]))) ?? [])
    }

    func candidates(typed: [String], current: String) -> [String] {
        var words = typed
        if words.first == "vp" || words.first == "help" { words.removeFirst() }
        guard !words.isEmpty else { return (Self.names(of: VP.self) + (typed.isEmpty ? ["help", "exit"] : [])).sorted() }
        var command: ParsableCommand.Type = VP.self
        var path: [String] = []
        while let word = words.first, let next = Self.subcommand(word, of: command) {
            command = next
            path.append(word)
            words.removeFirst()
        }
        let subcommands = Self.names(of: command)
        if !subcommands.isEmpty {
            if words.isEmpty && !current.hasPrefix("-") { return subcommands }
            guard let fallback = command.configuration.defaultSubcommand else { return [] }
            command = fallback
        }
        let flags = CommandFlags.of(command)
        if let last = words.last, let flag = flags.flag(last), flag.takesValue {
            return flag.values.isEmpty ? values(of: flag.name, in: path) : flag.values
        }
        let isTag = path == ["case", "tag"] && current.hasPrefix("-") && !current.hasPrefix("--")
        if current.hasPrefix("-") && !isTag { return flags.flags.map(\.name) }
        return arguments(at: positionals(words, flags), in: path)
    }

    private static func subcommand(_ name: String, of command: ParsableCommand.Type) -> ParsableCommand.Type? {
        for candidate in command.configuration.subcommands where candidate._commandName == name { return candidate }
        return nil
    }

    private static func names(of command: ParsableCommand.Type) -> [String] {
        var names: [String] = []
        for candidate in command.configuration.subcommands { names.append(candidate._commandName) }
        return names
    }

    /// How many arguments (not flags, not their values) come before the current word.
    private func positionals(_ words: [String], _ flags: CommandFlags) -> Int {
        var count = 0
        var skipNext = false
        for word in words {
            if skipNext { skipNext = false; continue }
            if word.hasPrefix("--") {
                skipNext = flags.flag(word)?.takesValue ?? false
            } else {
                count += 1
            }
        }
        return count
    }

    private func values(of option: String, in path: [String]) -> [String] {
        switch option {
        case "--org": organisations
        case "--caseload", "--via", "--in", "--from": caseloads
        case "--to": path == ["case", "move"] ? caseloads : []
        case "--channel": Channel.codes
        case "--role": path.first == "caseload" ? MembershipEntry.Role.allCases.map { String(describing: $0) } : ReporterRole.codes
        case "--category", "--theme": Category.codes
        case "--other-party": OtherParty.codes
        case "--status": CaseStatus.codes
        case "--kind": ActivityKind.codes
        case "--purpose": ConversationKind.codes
        case "--section": ReportSection.codes
        case "--redact": CaseField.settable
        default: []
        }
    }

    private func arguments(at position: Int, in path: [String]) -> [String] {
        switch (path.first, path.dropFirst().first) {
        case ("case", "set"):
            return [references, CaseField.settable][safe: position] ?? []
        case ("case", "tag"):
            return position == 0 ? references : Self.tags
        case ("case", "resolve"):
            return [references, ["summary", "outcome", "private_note"]][safe: position] ?? []
        case ("case", "open"), ("case", "list"):
            return []
        case ("case", _), ("contact", _):
            return position == 0 ? references : []
        case ("handover", "give"):
            return references
        case ("org", "rename"), ("org", "remove"):
            return position == 0 ? organisations : []
        case ("caseload", "members"), ("caseload", "verify"), ("caseload", "invite"):
            return position == 0 ? caseloads : []
        default:
            return []
        }
    }

    static let tags: [String] = {
        let plain: [String] = Category.codes
        let integrity: [String] = IntegrityType.codes.map { "integrity:" + $0 }
        let referrals: [String] = Referral.codes.map { "referral:" + $0 }
        let all: [String] = plain + integrity + referrals
        return all.map { "+" + $0 } + all.map { "-" + $0 }
    }()
}

private extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
