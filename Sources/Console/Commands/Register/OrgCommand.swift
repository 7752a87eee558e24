import ArgumentParser
import Casework

struct OrgCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "org", abstract: "Client organisations.", subcommands: [Add.self, List.self, Rename.self, Role.self, Remove.self])

    struct Add: ConsoleCommand {
        static let configuration = CommandConfiguration(abstract: "Add a client organisation.")
        @OptionGroup var vault: VaultOptions
        @OptionGroup var options: OutputOptions
        @Argument(help: "The organisation's name.") var name: String
        @Option(help: "A shared caseload (default: your own).") var caseload: String?
        @Option(name: .customLong("counsellor-role"), help: "The role its new cases get unless told: undesirable_behaviour or integrity.",
                completion: .list(CounsellorRole.codes)) var counsellorRole: String?

        func execute(in context: CommandContext) async throws {
            let name = try context.text(name)
            let caseload = try context.text(caseload)
            let role = try counsellorRole.map { try CounsellorRole.parse($0) }
            let shared = try context.sharedCaseloadID(caseload, vault)
            let organisation = try context.write(vault) { try $0.addOrganisation(name: name, caseload: shared, defaultRole: role) }
            context.answer(options, EditAnswer(changed: .organisation, id: organisation.name),
                         text: Labels(language: options.language(context)).text(
                            nl: "Organisatie toegevoegd: \(organisation.name)\n", en: "Organisation added: \(organisation.name)\n"))
        }
    }

    struct List: ConsoleCommand {
        static let configuration = CommandConfiguration(abstract: "List client organisations.")
        @OptionGroup var vault: VaultOptions
        @OptionGroup var options: OutputOptions

        func execute(in context: CommandContext) async throws {
            let book = try context.casebook(vault)
            let labels = Labels(language: options.language(context))
            let caseloads = try CaseloadNames(vault: try context.vault(vault), labels: labels)
            var table = Table([labels.text("NAAM", "NAME"), "CASELOAD", "OPEN", labels.text("TOTAAL", "TOTAL")])
            var items: [JSONValue] = []
            for organisation in book.organisations {
                let cases = book.cases(matching: CaseFilter(organisation: [organisation.id]))
                let open = cases.filter { $0.status == CaseStatus.open.code }.count
                table.rows.append([organisation.name, caseloads.name(organisation.caseload), String(open), String(cases.count)])
                items.append(.object([
                    ("name", .string(organisation.name)), ("caseload", .string(caseloads.code(organisation.caseload))),
                    ("open_cases", .integer(Int64(open))),
                    ("cases", .integer(Int64(cases.count))),
                ]))
            }
            context.emit(options, json: .array(items), text: table.rendered())
        }
    }

    struct Rename: ConsoleCommand {
        static let configuration = CommandConfiguration(abstract: "Rename a client organisation (its cases and reports follow).")
        @OptionGroup var vault: VaultOptions
        @OptionGroup var options: OutputOptions
        @Argument(help: "The current name.") var name: String
        @Argument(help: "The new name.") var newName: String

        func execute(in context: CommandContext) async throws {
            let name = try context.text(name)
            let newName = try context.text(newName)
            try context.write(vault) { try $0.renameOrganisation(name, to: newName) }
            context.answer(options, EditAnswer(changed: .organisation, id: newName),
                         text: Labels(language: options.language(context)).text(
                            nl: "Organisatie hernoemd: \(DisplayText.line(newName))\n", en: "Organisation renamed: \(DisplayText.line(newName))\n"))
        }
    }

    struct Role: ConsoleCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set the role new cases of an organisation get unless told (cases already open keep theirs).")
        @OptionGroup var vault: VaultOptions
        @OptionGroup var options: OutputOptions
        @Argument(help: "The organisation's name.") var name: String
        @Argument(help: "undesirable_behaviour or integrity.", completion: .list(CounsellorRole.codes)) var role: String

        func execute(in context: CommandContext) async throws {
            let name = try context.text(name)
            let role = try CounsellorRole.parse(role)
            try context.write(vault) { try $0.setOrganisationRole(name, to: role) }
            context.answer(options, EditAnswer(changed: .organisation, id: name),
                         text: Labels(language: options.language(context)).text(
                            nl: "Nieuwe zaken van \(DisplayText.line(name)): \(role.dutch)\n", en: "New cases of \(DisplayText.line(name)): \(role.english)\n"))
        }
    }

    struct Remove: ConsoleCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove a client organisation added by mistake: only one without cases, activities, signals or report texts.")
        @OptionGroup var vault: VaultOptions
        @OptionGroup var options: OutputOptions
        @Argument(help: "The organisation's name.") var name: String

        func execute(in context: CommandContext) async throws {
            let name = try context.text(name)
            let today = context.today
            try context.write(vault) { try $0.removeOrganisation(name, on: today) }
            context.answer(options, EditAnswer(changed: .organisation, id: name),
                         text: Labels(language: options.language(context)).text(
                            nl: "Organisatie verwijderd: \(DisplayText.line(name))\n", en: "Organisation removed: \(DisplayText.line(name))\n"))
        }
    }
}
