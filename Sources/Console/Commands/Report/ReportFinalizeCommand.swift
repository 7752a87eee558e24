import ArgumentParser
import Casework
import Register

struct ReportFinalizeCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "finalize", abstract: "Freeze a year's report: from then on 'vp report' for that year gives exactly this one.",
        discussion: """
            The figures and your narrative are kept as they are now (sealed, and synced to colleagues of a shared \
            caseload), so closing, changing or destroying the year's cases later changes nothing in it. A year is \
            finalised once.
            """)

    @OptionGroup var vault: VaultOptions
    @OptionGroup var options: OutputOptions
    @OptionGroup var selection: ReportSelection

    func execute(in context: CommandContext) async throws {
        let selection = try selection.checked(in: context)
        let (org, year) = (selection.org, selection.year)
        // A year still to come has nothing to freeze yet; before 2000 nothing can be recorded.
        guard (LocalDate.earliest.year...context.today.year).contains(year) else {
            throw ConsoleError.invalidValue("Only a year from \(LocalDate.earliest.year) to \(context.today.year) can be finalised; \(year) is not one.")
        }
        let book = try context.casebook(vault)
        let organisation = try book.organisation(named: org)
        let day = context.today
        let authorship = try context.register(vault).reportAuthorship(written: day.description)
        let report = book.currentReport(of: organisation, year: year, threshold: selection.threshold, authorship: authorship)
        let counted = RetentionRules.casesCounted(by: organisation, year: year, in: book)
        try context.write(vault) { try $0.finaliseReport(report, counting: counted, organisation: org, on: day) }
        context.answer(options, EditAnswer(changed: .report, id: String(year)),
                     text: Labels(language: options.language(context)).text(
                        nl: "Jaarverslag \(year) van \(report.organisation) vastgesteld op \(day); 'vp report' geeft voortaan dit verslag.\n",
                        en: "The \(year) report of \(report.organisation) is finalised as of \(day); 'vp report' gives this one from now on.\n"))
    }
}
