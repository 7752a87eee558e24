import ArgumentParser
import Casework

struct ActivityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "activity", abstract: "Prevention activities (voorlichting) for an organisation.",
        subcommands: [Add.self, List.self, Edit.self, Delete.self])

    struct Add: ConsoleCommand {
        static let configuration = CommandConfiguration(abstract: "Record a training, team talk or other activity.")
        @OptionGroup var vault: VaultOptions
        @OptionGroup var options: OutputOptions
        @Option(help: "The organisation's name.") var org: String
        @Option(help: "training, information_session, team_talk, policy_advice, management_meeting or other.", completion: .list(ActivityKind.codes)) var kind: String
        @Option(help: "Date, YYYY-MM-DD.") var date: String
        @Option(help: "Hours spent, e.g. 1.5.") var hours: String
        @Option(help: "Number of people reached.") var audience: Int?
        @Option(help: "The topic.") var topic: String?

        func execute(in context: CommandContext) async throws {
            let org = try context.text(org)
            let topic = try context.text(topic)
            let what = try ActivityKind.parse(kind)
            let day = try LocalDate.parse(date)
            let spent = try Self.hours(hours)
            let today = context.today
            let added = try context.write(vault) {
                try $0.addActivity(organisation: org, kind: what, date: day, hours: spent, audience: audience, topic: topic, today: today)
            }
            context.answer(options, EditAnswer(changed: .activity, id: EntryID.short(added)),
                         text: Labels(language: options.language(context)).text(
                            nl: "Activiteit vastgelegd.\n", en: "Activity recorded.\n"))
        }
        /// Hours as typed, with a decimal point or comma.
        static func hours(_ given: String) throws -> Double {
            guard let spent = Double(given.replacingOccurrences(of: ",", with: ".")), spent >= 0, spent.isFinite else {
                throw CaseworkError.invalidNumber(field: "number of hours", given: given)
            }
            return spent
        }
    }

    struct List: ConsoleCommand {
        static let configuration = CommandConfiguration(abstract: "List prevention activities.")
        @OptionGroup var vault: VaultOptions
        @OptionGroup var options: OutputOptions
        @OptionGroup var filter: OrganisationYearFilter

        func execute(in context: CommandContext) async throws {
            let book = try context.casebook(vault)
            let matches = try filter.predicate(in: book, context)
            let labels = Labels(language: options.language(context))
            let activities = book.activities.filter { matches($0.organisation, $0.date) }
            var table = Table(["ID", labels.text("DATUM", "DATE"), labels.text("ORGANISATIE", "ORGANISATION"),
                               labels.text("SOORT", "KIND"), labels.text("UREN", "HOURS"),
                               labels.text("BEREIK", "AUDIENCE"), labels.text("ONDERWERP", "TOPIC")])
            for activity in activities {
                table.rows.append([
                    EntryID.short(activity.id), activity.date, book.organisationName(activity.organisation), labels.label(activity.kind, ActivityKind.self),
                    JSONValue.number(activity.hours).rendered().trimmingCharacters(in: .newlines),
                    activity.audience.map(String.init) ?? "", activity.topic.value ?? "",
                ])
            }
            context.emit(options, json: .array(activities.map { activity in
                .object([
                    ("id", .string(activity.id.description)),
                    ("date", .string(activity.date)), ("organisation", .string(book.organisationName(activity.organisation))),
                    ("kind", .string(activity.kind)), ("hours", .number(activity.hours)),
                    ("audience", activity.audience.map(JSONValue.integer) ?? .null), ("topic", .optional(activity.topic.value)),
                ])
            }), text: table.rendered())
        }
    }

    struct Edit: ConsoleCommand {
        static let configuration = CommandConfiguration(abstract: "Correct an activity: give only what changes.")
        @OptionGroup var vault: VaultOptions
        @OptionGroup var options: OutputOptions
        @Argument(help: "The activity's id, or its start (at least 4 characters), from 'vp activity list'.") var id: String
        @Option(help: "training, information_session, team_talk, policy_advice, management_meeting or other.", completion: .list(ActivityKind.codes)) var kind: String?
        @Option(help: "Date, YYYY-MM-DD.") var date: String?
        @Option(help: "Hours spent, e.g. 1.5.") var hours: String?
        @Option(help: "Number of people reached.") var audience: Int?
        @Option(help: "The topic (\"-\": read it from standard input).") var topic: String?

        func execute(in context: CommandContext) async throws {
            let what = try kind.map { try ActivityKind.parse($0) }
            let day = try date.map { try LocalDate.parse($0) }
            let spent = try hours.map { try Add.hours($0) }
            let text = try topic.map { try context.text($0) }
            guard what != nil || day != nil || spent != nil || audience != nil || text != nil else {
                throw ValidationError("Give what to change: --kind, --date, --hours, --audience or --topic.")
            }
            let today = context.today
            let edited = try context.write(vault) {
                try $0.editActivity(idPrefix: id, kind: what, date: day, hours: spent, audience: audience, topic: text, today: today)
            }
            context.answer(options, EditAnswer(changed: .activity, id: EntryID.short(edited)),
                           text: Labels(language: options.language(context)).text(nl: "Activiteit gecorrigeerd.\n", en: "Activity corrected.\n"))
        }
    }

    struct Delete: EntryDeletion {
        static let configuration = CommandConfiguration(
            abstract: "Take back an activity recorded by mistake (it stays in the history; no longer shown or counted).")
        static let kind = RecordKind.activity
        @OptionGroup var vault: VaultOptions
        @OptionGroup var options: OutputOptions
        @Argument(help: "The activity's id, or its start (at least 4 characters), from 'vp activity list'.") var id: String
    }
}

import Foundation
