import ArgumentParser
import Casework
import Register

struct CaseShow: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show every field of a case, its conversations and any conflicts.")
    @OptionGroup var vault: VaultOptions
    @OptionGroup var options: OutputOptions
    @Argument(help: "The case reference.") var ref: String

    func execute(in context: CommandContext) async throws {
        let (book, file) = try context.caseWithDetails(ref: ref, vault)
        let presenter = CasePresenter(book: book, caseloads: try CaseloadNames(vault: context.vault(vault), labels: Labels(language: options.language(context))))
        let ownKey = try context.register(vault).hasOwnKey(file.id)
        context.emit(options, json: presenter.fullJSON(file, ownKey: ownKey), text: presenter.detail(file, ownKey: ownKey))
    }
}
