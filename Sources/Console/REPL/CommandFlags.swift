import ArgumentParser

/// The flags of a command as its help screen lists them, for Tab completion in the prompt:
/// the help is generated from the command's definition, so it is never out of date.
struct CommandFlags {
    struct Flag {
        let name: String
        let takesValue: Bool
        /// The values a closed set of choices takes, as the help lists them ("(values: …)").
        let values: [String]
    }

    let flags: [Flag]

    func flag(_ name: String) -> Flag? { flags.first { $0.name == name } }

    /// Made anew at each Tab: a help screen takes well under a millisecond.
    static func of(_ command: ParsableCommand.Type) -> CommandFlags {
        CommandFlags(help: VP.helpMessage(for: command, columns: 10_000))
    }

    /// Reads the OPTIONS section: a line starting with `-` begins a flag, the lines after it
    /// until the next one are its help text.
    init(help: String) {
        var entries: [(names: String, text: String)] = []
        var inOptions = false
        for line in help.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("OPTIONS:") { inOptions = true; continue }
            guard inOptions else { continue }
            if !line.isEmpty, !line.hasPrefix(" ") { inOptions = false; continue }
            let trimmed = line.drop { $0 == " " }
            if trimmed.hasPrefix("-") {
                // The names end where two spaces set off the help text.
                let split = trimmed.range(of: "  ")
                entries.append((String(trimmed[..<(split?.lowerBound ?? trimmed.endIndex)]), split.map { String(trimmed[$0.upperBound...]) } ?? ""))
            } else if !entries.isEmpty {
                entries[entries.count - 1].text += " " + trimmed
            }
        }
        flags = entries.flatMap { entry -> [Flag] in
            let whole = entry.names + entry.text
            let values = whole.range(of: "(values: ").map { start in
                whole[start.upperBound...].prefix { $0 != ")" && $0 != ";" }.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            } ?? []
            let words = entry.names.split(separator: " ")
            let takesValue = words.contains { $0.hasPrefix("<") }
            return words.filter { $0.hasPrefix("--") }.map { Flag(name: String($0.trimmingCharacters(in: [","])), takesValue: takesValue, values: values) }
        }
    }
}
