import ArgumentParser
import Casework

struct ContactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contact", abstract: "Conversations (gesprekken) in a case.", subcommands: [Add.self])

    struct Add: ConsoleCommand {
        static let configuration = CommandConfiguration(abstract: "Record a conversation in a case.")
        @OptionGroup var vault: VaultOptions
        @OptionGroup var options: OutputOptions
        @Argument(help: "The case reference, e.g. 2026-001.") var ref: String
        @Option(help: "Date, YYYY-MM-DD.") var date: String
        @Option(help: "Length in minutes.") var minutes: Int
        @Option(help: "in_person, phone, video or email.") var channel: String
        @Option(help: "A short summary (\"-\": read it from standard input).") var summary: String?

        func execute(in context: CommandContext) async throws {
            let day = try LocalDate.parse(date)
            let text = try context.text(summary)
            let how = try Channel.parse(channel)
            guard minutes >= 0 else { throw CaseworkError.invalidNumber(field: "number of minutes", given: String(minutes)) }
            let today = context.today
            try context.write(vault, needing: CaseIndex.caseNeeds(ref: ref)) {
                try $0.addContact(ref: ref, date: day, minutes: minutes, channel: how, summary: text, today: today)
            }
            context.emit(options, json: .object([("ref", .string(ref)), ("date", .string(day.description))]),
                         text: Labels(language: options.language(context)).text(
                            nl: "Gesprek vastgelegd bij \(ref).\n", en: "Contact recorded in \(ref).\n"))
        }
    }
}
