import ArgumentParser
import Casework

/// How to unlock the vault when no unlock session is active.
struct VaultOptions: ParsableArguments {
    @Option(name: .customLong("passphrase-file"), help: "Read the passphrase from this file (first line).")
    var passphraseFile: String?
}

/// Which relay to use. Given once, it is remembered (with --insecure, if given).
struct RelayOptions: ParsableArguments {
    @Option(name: .customLong("relay"), help: "The relay, e.g. https://relay.example.nl (remembered for next time).")
    var url: String?

    @Flag(help: "Allow plain http:// to a relay on another computer (anyone on the network can then read and alter the traffic).")
    var insecure = false

    @Option(help: "The enrolment token the relay's operator gave you; needed once, when this counsellor's first caseload is created there.")
    var enrolment: String?
}

/// How to print results.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print JSON (stable snake_case keys) instead of a table.")
    var json = false

    @Option(help: "Language of labels: nl (default, or $VP_LANG) or en.")
    var lang: Language?
}

extension Language: ExpressibleByArgument {}

extension OutputOptions {
    func language(_ context: CommandContext) -> Language {
        lang ?? Language(rawValue: context.defaultLanguage) ?? .nl
    }
}
