import ArgumentParser
import Casework

struct SignalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signal", abstract: "Signals (signaleringen) of trends for an organisation.",
        subcommands: [Add.self, List.self, Edit.self, Delete.self])

    struct Add: ConsoleCommand {
        static let configuration = CommandConfiguration(abstract: "Record a signal.")
        @OptionGroup var vault: VaultOptions
        @OptionGroup var options: OutputOptions
        @Option(help: "The organisation's name.") var org: String
        @Option(help: "A category code (e.g. work_pressure) or your own word.", completion: .list(Category.codes)) var theme: String
        @Option(help: "What you signal, without anything that identifies a person (\"-\": from standard input).") var text: String
        @Option(help: "Date, YYYY-MM-DD (default today).") var date: String?

        func execute(in context: CommandContext) async throws {
            let org = try context.text(org)
            let theme = try context.text(theme)
            let day = try date.map { try LocalDate.parse($0) } ?? context.today
            let body = try context.text(text)
            let today = context.today
            let added = try context.write(vault) { try $0.addSignal(organisation: org, theme: theme, text: body, date: day, today: today) }
            context.answer(options, EditAnswer(changed: .signal, id: EntryID.short(added)),
                         text: Labels(language: options.language(context)).text(
                            nl: "Signaal vastgelegd.\n", en: "Signal recorded.\n"))
        }
    }

    struct Edit: ConsoleCommand {
        static let configuration = CommandConfiguration(abstract: "Correct a signal: give only what changes.")
        @OptionGroup var vault: VaultOptions
        @OptionGroup var options: OutputOptions
        @Argument(help: "The signal's id, or its start (at least 4 characters), from 'vp signal list'.") var id: String
        @Option(help: "A category code (e.g. work_pressure) or your own word.", completion: .list(Category.codes)) var theme: String?
        @Option(help: "What you signal (\"-\": from standard input).") var text: String?
        @Option(help: "Date, YYYY-MM-DD.") var date: String?

        func execute(in context: CommandContext) async throws {
            let day = try date.map { try LocalDate.parse($0) }
            let theme = try theme.map { try context.text($0) }
            let body = try text.map { try context.text($0) }
            guard day != nil || theme != nil || body != nil else { throw ValidationError("Give what to change: --theme, --text or --date.") }
            let today = context.today
            let edited = try context.write(vault) { try $0.editSignal(idPrefix: id, theme: theme, text: body, date: day, today: today) }
            context.answer(options, EditAnswer(changed: .signal, id: EntryID.short(edited)),
                           text: Labels(language: options.language(context)).text(nl: "Signaal gecorrigeerd.\n", en: "Signal corrected.\n"))
        }
    }

    struct List: ConsoleCommand {
        static let configuration = CommandConfiguration(abstract: "List signals.")
        @OptionGroup var vault: VaultOptions
        @OptionGroup var options: OutputOptions
        @OptionGroup var filter: OrganisationYearFilter

        func execute(in context: CommandContext) async throws {
            let book = try context.casebook(vault)
            let matches = try filter.predicate(in: book, context)
            let labels = Labels(language: options.language(context))
            let signals = book.signals.filter { matches($0.organisation, $0.date) }
            var table = Table(["ID", labels.text("DATUM", "DATE"), labels.text("ORGANISATIE", "ORGANISATION"),
                               labels.text("THEMA", "THEME"), labels.text("TEKST", "TEXT")])
            for signal in signals {
                table.rows.append([EntryID.short(signal.id), signal.date, book.organisationName(signal.organisation),
                                   labels.label(signal.theme, Category.self), signal.text.value ?? ""])
            }
            context.emit(options, json: .array(signals.map { signal in
                .object([
                    ("id", .string(signal.id.description)),
                    ("date", .string(signal.date)), ("organisation", .string(book.organisationName(signal.organisation))),
                    ("theme", .string(signal.theme)), ("text", .optional(signal.text.value)),
                ])
            }), text: table.rendered())
        }
    }

    struct Delete: EntryDeletion {
        static let configuration = CommandConfiguration(
            abstract: "Take back a signal recorded by mistake (it stays in the history; no longer shown or counted).")
        static let kind = RecordKind.signal
        @OptionGroup var vault: VaultOptions
        @OptionGroup var options: OutputOptions
        @Argument(help: "The signal's id, or its start (at least 4 characters), from 'vp signal list'.") var id: String
    }
}
