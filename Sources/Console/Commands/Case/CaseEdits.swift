import ArgumentParser
import Casework

struct CaseSet: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "set", abstract: "Set one field of a case.",
        discussion: "Fields: \(CaseField.settable.joined(separator: ", ")). consent takes given or withdrawn, optionally with a date: given:2026-03-01.")
    @OptionGroup var vault: VaultOptions
    @OptionGroup var options: OutputOptions
    @Argument(help: "The case reference.") var ref: String
    @Argument(help: "The field.") var field: String
    @Argument(help: "The new value (\"-\": read it from standard input).") var value: String

    func execute(in context: CommandContext) async throws {
        let today = context.today
        let text = try context.text(value)
        // Setting `opened` is checked against the conversations' dates.
        try context.write(vault, needing: context.caseAndConversationsNeeds(ref: ref, vault)) { try $0.setCaseField(ref: ref, field: field, value: text, today: today) }
        context.confirm(options, ref: ref, nl: "bijgewerkt", en: "updated")
    }
}

struct CaseTag: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "tag", abstract: "Add (+code) or remove (-code) categories, integrity types and referrals.",
        discussion: "A bare code is a category, integrity type or referral, in that order; integrity:CODE and referral:CODE choose the set.")
    @OptionGroup var vault: VaultOptions
    @OptionGroup var options: OutputOptions
    @Argument(help: "The case reference.") var ref: String
    @Argument(parsing: .allUnrecognized, help: "Changes such as +bullying -other +referral:hr.") var changes: [String] = []

    func execute(in context: CommandContext) async throws {
        let parsed = try changes.map { try TagChange.parse($0) }
        guard !parsed.isEmpty else { throw ValidationError("Give at least one +code or -code.") }
        try context.write(vault, needing: CaseIndex.caseNeeds(ref: ref)) { try $0.tagCase(ref: ref, changes: parsed) }
        context.confirm(options, ref: ref, nl: "bijgewerkt", en: "updated")
    }
}

struct CaseClose: ConsoleCommand {
    static let configuration = CommandConfiguration(commandName: "close", abstract: "Close a case.")
    @OptionGroup var vault: VaultOptions
    @OptionGroup var options: OutputOptions
    @Argument(help: "The case reference.") var ref: String
    @Option(help: "The outcome (\"-\": from standard input).") var outcome: String?
    @Option(help: "Closing date, YYYY-MM-DD (default today).") var date: String?

    func execute(in context: CommandContext) async throws {
        let day = try date.map { try LocalDate.parse($0) } ?? context.today
        let text = try context.text(outcome)
        let today = context.today
        try context.write(vault, needing: CaseIndex.caseNeeds(ref: ref)) { try $0.closeCase(ref: ref, outcome: text, on: day, today: today) }
        context.confirm(options, ref: ref, nl: "gesloten", en: "closed")
    }
}

struct CaseReopen: ConsoleCommand {
    static let configuration = CommandConfiguration(commandName: "reopen", abstract: "Reopen a closed case.")
    @OptionGroup var vault: VaultOptions
    @OptionGroup var options: OutputOptions
    @Argument(help: "The case reference.") var ref: String

    func execute(in context: CommandContext) async throws {
        try context.write(vault, needing: CaseIndex.caseNeeds(ref: ref)) { try $0.reopenCase(ref: ref) }
        context.confirm(options, ref: ref, nl: "heropend", en: "reopened")
    }
}

struct CaseResolve: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve", abstract: "Settle a conflicted text field: keep one version or write a new value.")
    @OptionGroup var vault: VaultOptions
    @OptionGroup var options: OutputOptions
    @Argument(help: "The case reference.") var ref: String
    @Argument(help: "summary, outcome or private_note.") var field: String
    @Option(help: "Keep version N as numbered by 'vp case show'.") var keep: Int?
    @Option(help: "Replace all versions with this text.") var value: String?

    func validate() throws {
        guard (keep == nil) != (value == nil) else { throw ValidationError("Give either --keep N or --value TEXT.") }
    }

    func execute(in context: CommandContext) async throws {
        let value = try context.text(value)
        try context.write(vault, needing: CaseIndex.caseNeeds(ref: ref)) { try $0.resolveConflict(ref: ref, field: field, keep: keep, value: value) }
        context.confirm(options, ref: ref, nl: "conflict opgelost", en: "conflict resolved")
    }
}

extension CommandContext {
    func confirm(_ options: OutputOptions, ref: String, nl: String, en: String) {
        answer(options, EditAnswer(changed: .case, ref: ref),
             text: Labels(language: options.language(self)).text(nl: "Zaak \(ref) \(nl).\n", en: "Case \(ref) \(en).\n"))
    }
}
