import ArgumentParser
import Casework
import Sync

struct HandoverGive: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "give", abstract: "Hand open cases to a successor through a caseload you share with them.",
        discussion: """
            The cases (with their conversations, never your private notes) move into that caseload, the successor \
            becomes an admin there, and the handover is recorded in both audit trails. When the successor runs \
            'vp handover accept', you are removed from that caseload and its key changes. Your devices erase the \
            cases at their next sync.
            """)

    @OptionGroup var vault: VaultOptions
    @OptionGroup var options: OutputOptions
    @Argument(help: "The references of the cases to hand over.") var refs: [String] = []
    @Flag(help: "Every open case of your own caseload and of the one named by --via.") var all = false
    @Option(help: "The successor: their name or the start of their id, as 'vp caseload members' shows.") var to: String
    @Option(help: "The caseload you share with the successor.") var via: String
    @OptionGroup var relay: RelayOptions

    func execute(in context: CommandContext) async throws {
        let to = try context.text(to)
        let via = try context.text(via)
        guard all != !refs.isEmpty else { throw ValidationError("Name the cases to hand over, or give --all (not both).") }
        let opened = try context.vault(vault)
        let caseload = try Caseload.named(via, in: opened)
        let given = try await context.register(vault).handOver(
            refs: refs, allOpen: all, to: to, via: caseload, today: context.today, relay: try context.relay(opened, relay), now: context.wallClock)
        try context.rememberRelay(relay, in: opened)
        let list = given.refs.map(DisplayText.line).joined(separator: ", ")
        let successor = DisplayText.line(given.successor)
        context.emit(options, json: .object([("refs", .array(given.refs.map(JSONValue.string))), ("to", .string(given.successor)),
                                             ("caseload", .string(given.caseload))]),
                     text: Labels(language: options.language(context)).text(
                        nl: "Overgedragen aan \(successor) via '\(DisplayText.line(given.caseload))': \(list). Zodra \(successor) 'vp handover accept' geeft, ben je uit die caseload verwijderd; je apparaten wissen de zaken bij hun volgende synchronisatie.\n",
                        en: "Handed to \(successor) through '\(DisplayText.line(given.caseload))': \(list). Once \(successor) runs 'vp handover accept', you are removed from that caseload; your devices erase the cases when they next sync.\n"))
    }
}
