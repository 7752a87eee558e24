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
        let register = try context.register(vault)
        let ref = context.noteWritten(try register.openCase(draft, today: context.today)).result
        if try register.lacksOwnKey(ref: ref) {
            let labels = Labels(language: options.language(context))
            context.errors.line(labels.text(
                nl: "Let op: zaak \(ref) heeft geen eigen sleutel, want een apparaat in de caseload heeft niet laten zien dat het zaaksleutels leest (een oudere vp); vernietigen wist haar dan van de apparaten, maar een eerder gemaakte kopie van de gegevens van de relay blijft met de sleutel van de caseload leesbaar. Werk dat apparaat bij en synchroniseer.",
                en: "Note: case \(ref) has no key of its own, because a device in the caseload has not shown that it reads case keys (an older vp); destroying it then erases it from the devices, but a copy of the relay's data taken earlier stays readable with the caseload's key. Update that device and sync."))
        }
        context.answer(options, EditAnswer(changed: .case, ref: ref), text: ref + "\n")
    }
}
