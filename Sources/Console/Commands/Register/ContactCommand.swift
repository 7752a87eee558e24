import ArgumentParser
import Casework

struct ContactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contact", abstract: "Conversations (gesprekken) in a case.", subcommands: [Add.self, Edit.self, Delete.self])

    struct Add: ConsoleCommand {
        static let configuration = CommandConfiguration(abstract: "Record a conversation in a case.")
        @OptionGroup var vault: VaultOptions
        @OptionGroup var options: OutputOptions
        @Argument(help: "The case reference, e.g. 2026-001.") var ref: String
        @Option(help: "Date, YYYY-MM-DD.") var date: String
        @Option(help: "Length in minutes.") var minutes: Int
        @Option(help: "in_person, phone, video or email.", completion: .list(Channel.codes)) var channel: String
        @Option(help: "What it was: \(ConversationKind.codes.joined(separator: ", ")).", completion: .list(ConversationKind.codes)) var purpose: String?
        @Option(name: .customLong("follow-up"), help: "A day to follow it up, YYYY-MM-DD (shown by 'vp agenda').") var followUp: String?
        @Option(help: "A short summary (\"-\": read it from standard input).") var summary: String?

        func execute(in context: CommandContext) async throws {
            let day = try LocalDate.parse(date)
            let text = try context.text(summary)
            let how = try Channel.parse(channel)
            let what = try purpose.map { try ConversationKind.parse($0) }
            let later = try followUp.map { try LocalDate.parse($0) }
            guard minutes >= 0 else { throw CaseworkError.invalidNumber(field: "number of minutes", given: String(minutes)) }
            let today = context.today
            // Its number counts the case's other conversations.
            let number = try context.write(vault, needing: context.caseAndConversationsNeeds(ref: ref, vault)) {
                try $0.addContact(ref: ref, date: day, minutes: minutes, channel: how, purpose: what, followUp: later, summary: text, today: today)
            }
            context.answer(options, EditAnswer(changed: .contact, ref: ref, id: String(number)),
                         text: Labels(language: options.language(context)).text(
                            nl: "Gesprek vastgelegd bij \(ref).\n", en: "Contact recorded in \(ref).\n"))
        }
    }

    struct Edit: ConsoleCommand {
        static let configuration = CommandConfiguration(
            abstract: "Correct a conversation: its number is the one 'vp case show' lists; give only what changes.")
        @OptionGroup var vault: VaultOptions
        @OptionGroup var options: OutputOptions
        @Argument(help: "The case reference.") var ref: String
        @Argument(help: "The conversation's number in 'vp case show'.") var number: Int
        @Option(help: "Date, YYYY-MM-DD.") var date: String?
        @Option(help: "Length in minutes.") var minutes: Int?
        @Option(help: "in_person, phone, video or email.", completion: .list(Channel.codes)) var channel: String?
        @Option(help: "What it was: \(ConversationKind.codes.joined(separator: ", ")).", completion: .list(ConversationKind.codes)) var purpose: String?
        @Option(name: .customLong("follow-up"), help: "A day to follow it up, YYYY-MM-DD.") var followUp: String?
        @Option(help: "The summary (\"-\": from standard input; \"\": empty).") var summary: String?

        func execute(in context: CommandContext) async throws {
            let day = try date.map { try LocalDate.parse($0) }
            let how = try channel.map { try Channel.parse($0) }
            let what = try purpose.map { try ConversationKind.parse($0) }
            let later = try followUp.map { try LocalDate.parse($0) }
            let text = try summary.map { try context.text($0) }
            guard day != nil || minutes != nil || how != nil || what != nil || later != nil || text != nil else {
                throw ValidationError("Give what to change: --date, --minutes, --channel, --purpose, --follow-up or --summary.")
            }
            let today = context.today
            // The whole register: a case's conversations are found by the case's id, known only once read.
            try context.write(vault) { session in
                try session.editContact(ref: ref, number: number, date: day, minutes: minutes, channel: how, purpose: what, followUp: later,
                                        summary: text, today: today)
            }
            context.answer(options, EditAnswer(changed: .contact, ref: ref, id: String(number)),
                         text: Labels(language: options.language(context)).text(
                            nl: "Gesprek \(number) van \(ref) gecorrigeerd.\n", en: "Conversation \(number) of \(ref) corrected.\n"))
        }
    }

    struct Delete: ConsoleCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take back a conversation recorded by mistake (it stays in the case's history; no longer shown or counted).")
        @OptionGroup var vault: VaultOptions
        @OptionGroup var options: OutputOptions
        @Argument(help: "The case reference.") var ref: String
        @Argument(help: "The conversation's number in 'vp case show'.") var number: Int

        func execute(in context: CommandContext) async throws {
            let today = context.today
            try context.write(vault) { try $0.removeContact(ref: ref, number: number, on: today) }
            context.answer(options, EditAnswer(changed: .contact, ref: ref, id: String(number)),
                         text: Labels(language: options.language(context)).text(
                            nl: "Gesprek \(number) van \(ref) teruggenomen.\n", en: "Conversation \(number) of \(ref) taken back.\n"))
        }
    }
}
