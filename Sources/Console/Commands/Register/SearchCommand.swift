import ArgumentParser
import Casework

struct SearchCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "search", abstract: "Find cases by words in their texts: summaries, outcomes, conversations, signals and private notes.",
        discussion: """
            Every word must occur (ignoring case and accents; a word may be the start of a longer one). The search \
            runs inside the opened vault on this computer; no index is kept outside it. Private notes are marked.
            """)

    @OptionGroup var vault: VaultOptions
    @OptionGroup var options: OutputOptions
    @Argument(help: "The words to find.") var words: [String]

    func execute(in context: CommandContext) async throws {
        guard let search = TextSearch(words.joined(separator: " ")) else {
            throw ValidationError("Give at least one word to search for.")
        }
        let hits = search.hits(in: try context.casebook(vault))
        let labels = Labels(language: options.language(context))
        func field(_ hit: TextSearch.Hit) -> String {
            switch hit.field {
            case CaseField.summary: labels.text(nl: "samenvatting", en: "summary")
            case CaseField.outcome: labels.text(nl: "uitkomst", en: "outcome")
            case CaseField.privateNote: labels.text(nl: "werkaantekening (privé)", en: "private note")
            case "signal": labels.text(nl: "signaal", en: "signal")
            default: labels.text(nl: "gesprek \(hit.conversation ?? 0)", en: "conversation \(hit.conversation ?? 0)")
            }
        }
        var table = Table([labels.text(nl: "KENMERK", en: "REF"), labels.text(nl: "WAAR", en: "WHERE"), labels.text(nl: "TEKST", en: "TEXT")])
        table.rows = hits.map { [$0.ref, field($0), $0.snippet] }
        context.emit(options, json: .array(hits.map { hit in
            .object([("ref", .string(hit.ref)), ("field", .string(hit.field)), ("conversation", hit.conversation.map { .integer(Int64($0)) } ?? .null),
                     ("private", .bool(hit.isPrivate)), ("score", .integer(Int64(hit.score))), ("text", .string(hit.snippet))])
        }), text: hits.isEmpty ? labels.text(nl: "Niets gevonden.\n", en: "Nothing found.\n") : table.rendered())
    }
}
