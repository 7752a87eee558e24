import ArgumentParser

/// Adjusts the completion scripts ArgumentParser writes: for a group with a default
/// subcommand (`vp report` is `vp report generate`) its bash script offered only the
/// subcommands' names, never the flags the group takes as its default.
enum CompletionScript {
    /// The shell a command line asks a script for, if it does.
    static func shell(in words: [String]) -> String? {
        let option = "--generate-completion-script"
        if let index = words.firstIndex(of: option), index + 1 < words.count { return words[index + 1] }
        return words.first { $0.hasPrefix(option + "=") }.map { String($0.dropFirst(option.count + 1)) }
    }

    /// `script` for `shell`, with what a default subcommand takes offered too. Bash only:
    /// in zsh and fish `vp report generate` must still be typed out for its flags.
    static func adjusted(_ script: String, shell: String?) -> String {
        guard shell == "bash" else { return script }
        var adjusted = script
        for (path, fallback) in defaults(under: VP.self, path: ["vp"]) {
            let function = "_" + path.joined(separator: "_")
            let marker = "        # Offer subcommand completions\n"
            guard let start = adjusted.range(of: "\n\(function)() {\n"),
                  let end = adjusted.range(of: "\n}\n", range: start.upperBound..<adjusted.endIndex),
                  let offer = adjusted.range(of: marker, range: start.upperBound..<end.lowerBound) else { continue }
            adjusted.replaceSubrange(offer, with: """
                        # The default subcommand: its flags and their values; the subcommands
                        # only for the first word.
                        local -i later_words=${#unparsed_words[@]}
                        [[ -n "${subcommand}" ]] && unparsed_words=("${subcommand}" "${unparsed_words[@]}")
                        "\(function)_\(fallback)"
                        (( later_words > 0 )) && return

                """ + marker)
        }
        return adjusted
    }

    /// Every group with a default subcommand: its path of command names and the default's name.
    private static func defaults(under command: ParsableCommand.Type, path: [String]) -> [([String], String)] {
        command.configuration.subcommands.flatMap { sub -> [([String], String)] in
            let name = sub._commandName
            let own = sub.configuration.defaultSubcommand.map { [(path + [name], $0._commandName)] } ?? []
            return own + defaults(under: sub, path: path + [name])
        }
    }
}
