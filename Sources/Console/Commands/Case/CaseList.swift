import ArgumentParser
import Casework

struct CaseList: ConsoleCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List cases.")
    @OptionGroup var vault: VaultOptions
    @OptionGroup var options: OutputOptions
    @Option(help: "Only this organisation.") var org: String?
    @Option(help: "open or closed.", completion: .list(CaseStatus.codes)) var status: String?
    @Option(help: "Only cases opened in this year.") var year: Int?
    @Option(help: "Only cases with this category.", completion: .list(Category.codes)) var category: String?
    @Option(name: .customLong("counsellor-role"), help: "Only cases of this role: undesirable_behaviour or integrity.",
            completion: .list(CounsellorRole.codes)) var counsellorRole: String?

    func execute(in context: CommandContext) async throws {
        try ConsoleError.checkYear(year)
        let org = try context.text(org)
        let status = try status.map { try CaseStatus.parse($0) }
        let category = try category.map { try Category.parse($0) }
        let role = try counsellorRole.map { try CounsellorRole.parse($0) }
        let book = try context.casebook(vault)
        let filter = CaseFilter(
            organisation: try org.map { try book.organisation(named: $0).ids }, status: status, year: year, category: category,
            counsellorRole: role)
        let files = book.cases(matching: filter)
        let presenter = CasePresenter(book: book, caseloads: try CaseloadNames(vault: try context.vault(vault), labels: Labels(language: options.language(context))))
        context.emit(options, json: .array(files.map(presenter.summaryJSON)), text: presenter.listTable(files))
    }
}
