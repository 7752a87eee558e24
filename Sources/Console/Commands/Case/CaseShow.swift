import ArgumentParser
import Casework

struct CaseShow: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show every field of a case, its conversations and any conflicts.")
    @OptionGroup var vault: VaultOptions
    @OptionGroup var options: OutputOptions
    @Argument(help: "The case reference.") var ref: String

    func execute(in context: CommandContext) async throws {
        // The case first, then what showing it needs: not the whole register.
        let opened = try context.vault(vault)
        var records = try opened.records(CaseIndex.caseNeeds(ref: ref))
        let file = try Casebook(records: records).caseFile(ref: ref)
        records.merge(try opened.records(CaseIndex.detailNeeds(of: file))) { current, _ in current }
        let book = Casebook(records: records)
        let presenter = CasePresenter(book: book, caseloads: try CaseloadNames(vault: opened, labels: Labels(language: options.language(context))))
        context.emit(options, json: presenter.fullJSON(file), text: presenter.detail(file))
    }
}
