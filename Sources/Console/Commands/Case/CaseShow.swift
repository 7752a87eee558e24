import ArgumentParser
import Casework

struct CaseShow: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show every field of a case, its conversations and any conflicts.")
    @OptionGroup var vault: VaultOptions
    @OptionGroup var options: OutputOptions
    @Argument(help: "The case reference.") var ref: String

    func execute(in context: CommandContext) async throws {
        let (book, file) = try context.caseWithDetails(ref: ref, vault)
        let presenter = CasePresenter(book: book, caseloads: try CaseloadNames(vault: context.vault(vault), labels: Labels(language: options.language(context))))
        context.emit(options, json: presenter.fullJSON(file), text: presenter.detail(file))
    }
}
