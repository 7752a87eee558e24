import ArgumentParser
import Casework

struct AgendaCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "agenda", abstract: "What is due: follow-up days of open cases and their conversations, overdue first.",
        discussion: "Set them with 'vp case set REF follow_up DATE' and 'vp contact add/edit --follow-up DATE'.")

    @OptionGroup var vault: VaultOptions
    @OptionGroup var options: OutputOptions
    @Flag(help: "Up to seven days ahead (default: today).") var week = false
    @Flag(help: "Up to 31 days ahead.") var month = false

    func execute(in context: CommandContext) async throws {
        guard !(week && month) else { throw ValidationError("Give --week or --month, not both.") }
        let days: UInt64 = month ? 31 : week ? 7 : 0
        let agenda = Agenda(book: try context.casebook(vault), today: context.today,
                            until: LocalDate(milliseconds: context.wallClock() + days * 86_400_000))
        let labels = Labels(language: options.language(context))
        context.emit(options, json: .array(agenda.items.map { item in
            .object([("day", .string(item.day)), ("ref", .string(item.ref)), ("conversation", item.conversation.map { .integer(Int64($0)) } ?? .null),
                     ("organisation", .string(item.organisation)), ("overdue", .bool(item.isOverdue))])
        }), text: AgendaText.table(agenda, labels))
    }
}

/// The agenda as a table, and the line the prompt greets with.
enum AgendaText {
    static func table(_ agenda: Agenda, _ labels: Labels) -> String {
        guard !agenda.items.isEmpty else { return labels.text(nl: "Niets om op terug te komen.\n", en: "Nothing due.\n") }
        var table = Table([labels.text(nl: "DATUM", en: "DATE"), labels.text(nl: "KENMERK", en: "REF"), labels.text(nl: "WAT", en: "WHAT"),
                           labels.text(nl: "ORGANISATIE", en: "ORGANISATION"), ""])
        table.rows = agenda.items.map { item in
            [item.day, item.ref,
             item.conversation.map { labels.text(nl: "gesprek \($0)", en: "conversation \($0)") } ?? labels.text(nl: "zaak", en: "case"),
             item.organisation, item.isOverdue ? labels.text(nl: "over tijd", en: "overdue") : ""]
        }
        return table.rendered()
    }

    /// One line for the prompt's start, nil when nothing is due today.
    static func greeting(_ agenda: Agenda, _ labels: Labels) -> String? {
        guard !agenda.items.isEmpty else { return nil }
        let overdue = agenda.items.filter(\.isOverdue).count
        let refs = Array(Set(agenda.items.map(\.ref))).sorted().map(DisplayText.line).joined(separator: ", ")
        return labels.text(
            nl: "Vandaag terugkomen op: \(refs)\(overdue > 0 ? " (\(overdue) over tijd)" : ""); 'agenda' toont ze.",
            en: "Due today: \(refs)\(overdue > 0 ? " (\(overdue) overdue)" : ""); 'agenda' shows them.")
    }
}
