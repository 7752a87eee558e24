import ArgumentParser
import Casework
import Register

struct CaseOpen: ConsoleCommand {
    static let configuration = CommandConfiguration(commandName: "open", abstract: "Open a case; prints its new reference.")
    @OptionGroup var vault: VaultOptions
    @OptionGroup var options: OutputOptions
    @Option(help: "The client organisation.") var org: String
    @Option(help: "in_person, phone, video or email.", completion: .list(Channel.codes)) var channel: String?
    @Option(help: "employee, manager, witness, former_employee, contractor, intern or other.", completion: .list(ReporterRole.codes)) var role: String?
    @Option(help: "A category code; repeat for more.", completion: .list(Category.codes)) var category: [String] = []
    @Option(name: .customLong("other-party"), help: "manager, colleague, client_third_party or unknown.", completion: .list(OtherParty.codes)) var otherParty: String?
    @Option(help: "A first summary (\"-\": read it from standard input).") var summary: String?
    @Option(help: "Opening date, YYYY-MM-DD (default today).") var date: String?
    @Option(help: "A shared caseload (default: your own, never shared).") var caseload: String?
    @Option(name: .customLong("counsellor-role"), help: "undesirable_behaviour or integrity (default: the organisation's).",
            completion: .list(CounsellorRole.codes)) var counsellorRole: String?

    func execute(in context: CommandContext) async throws {
        let org = try context.text(org)
        let caseload = try context.text(caseload)
        var draft = CaseDraft(
            organisation: org, opened: try date.map { try LocalDate.parse($0) },
            channel: try channel.map { try Channel.parse($0) }, reporterRole: try role.map { try ReporterRole.parse($0) },
            categories: try category.map { try Category.parse($0) },
            otherParty: try otherParty.map { try OtherParty.parse($0) }, summary: try context.text(summary),
            caseload: try context.sharedCaseloadID(caseload, vault))
        draft.counsellorRole = try counsellorRole.map { try CounsellorRole.parse($0) }
        let ref = context.noteWritten(try context.register(vault).openCase(draft, today: context.today)).result
        context.answer(options, EditAnswer(changed: .case, ref: ref), text: ref + "\n")
    }
}
