import ArgumentParser
import Casework

struct RetentionList: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Cases due for destruction: closed, counted in finalised reports, past their destroy_after day.")

    @OptionGroup var vault: VaultOptions
    @OptionGroup var options: OutputOptions

    func execute(in context: CommandContext) async throws {
        let book = try context.casebook(vault)
        let due = try context.register(vault).casesDue(today: context.today, in: book)
        let labels = Labels(language: options.language(context))
        var table = Table([labels.text(nl: "REF", en: "REF"), labels.text(nl: "ORGANISATIE", en: "ORGANISATION"),
                           labels.text(nl: "GESLOTEN", en: "CLOSED"), labels.text(nl: "BEWAREN TOT", en: "DESTROY AFTER")])
        table.rows = due.map { [$0.ref, book.organisationName($0.organisation), $0.closed ?? "", $0.destroyAfter ?? ""] }
        context.emit(options, json: .array(due.map { file in
            .object([("ref", .string(file.ref)), ("organisation", .string(book.organisationName(file.organisation))),
                     ("closed", .string(file.closed ?? "")), ("destroy_after", .string(file.destroyAfter ?? ""))])
        }), text: due.isEmpty ? labels.text(nl: "Geen zaken te vernietigen.\n", en: "No cases due for destruction.\n") : table.rendered())
    }
}
