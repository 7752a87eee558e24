import ArgumentParser
import Casework
import Register

struct CaseDestroy: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "destroy", abstract: "Destroy a case for good: its fields, conversations and private note, on every device.",
        discussion: """
            Only a closed case counted in the finalised report of every year it was open, unless you give --force; \
            then type its reference to confirm (in scripts: --confirm REF). In a shared caseload only an admin may. \
            This device erases the case at once; your other devices and colleagues erase it when they sync, and \
            confirm it ('vp retention status'). Kept: the reference (never given out again) and who destroyed it when. \
            The relay keeps its encrypted copy, which members' caseload keys still open: see README, Destruction.
            """)

    @OptionGroup var vault: VaultOptions
    @OptionGroup var options: OutputOptions
    @Argument(help: "The case reference.") var ref: String
    @Flag(help: "Destroy even a case that is open or not yet in a finalised report.") var force = false
    @Option(help: "With --force outside a terminal: the case reference again, as confirmation.") var confirm: String?

    func execute(in context: CommandContext) async throws {
        let labels = Labels(language: options.language(context))
        if force { try confirmed(in: context, labels) }
        let register = try context.register(vault)
        let done = try register.destroyCase(ref: ref, force: force, today: context.today, now: context.wallClock())
        let backups = try register.vault.backupsToRenew()
        context.emit(options, json: RetentionOutput.json(destroyed: [done], backups: backups),
                     text: RetentionOutput.text(destroyed: [done], backups: backups, labels))
    }

    /// The typed confirmation `--force` needs: the reference, exactly.
    private func confirmed(in context: CommandContext, _ labels: Labels) throws {
        if let confirm {
            guard confirm == ref else { throw CaseworkError.confirmationMismatch(ref: ref) }
            return
        }
        guard let terminal = context.terminal else {
            throw ValidationError("Destroying case \(ref) with --force cannot be undone; confirm with --confirm \(ref).")
        }
        let question = labels.text(
            nl: "Zaak \(ref) wordt voorgoed vernietigd, ook als hij nog open is of in geen vastgesteld jaarverslag staat. Typ de referentie om te bevestigen: ",
            en: "Case \(ref) will be destroyed for good, even if it is open or in no finalised report. Type its reference to confirm: ")
        guard try terminal.readLine(prompt: question)?.trimmingCharacters(in: .whitespaces) == ref else {
            throw CaseworkError.confirmationMismatch(ref: ref)
        }
    }
}
