import ArgumentParser
import Casework

struct RetentionRun: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Destroy every case 'vp retention list' shows.",
        discussion: """
            As 'vp case destroy' for each: erased here at once, on other devices when they sync. On a terminal it \
            lists the cases and asks first; in scripts give --yes. Names the backups that still hold them.
            """)

    @OptionGroup var vault: VaultOptions
    @OptionGroup var options: OutputOptions
    @Flag(help: "Do not ask for confirmation.") var yes = false

    func execute(in context: CommandContext) async throws {
        let register = try context.register(vault)
        let labels = Labels(language: options.language(context))
        let due = try register.casesDue(today: context.today)
        if !yes, !due.isEmpty {
            // What decides "due" (closed, dates, finalised reports) colleagues of a shared caseload can write too.
            guard let terminal = context.terminal else {
                throw ValidationError("Destroying \(due.count) case(s) cannot be undone; check 'vp retention list' and confirm with --yes.")
            }
            let refs = due.map { DisplayText.line($0.ref) }.joined(separator: ", ")
            let question = labels.text(nl: "Voorgoed vernietigen: \(refs)? [j/N] ", en: "Destroy for good: \(refs)? [y/N] ")
            guard let answer = try terminal.readLine(prompt: question), ["j", "ja", "y", "yes"].contains(answer.lowercased()) else {
                context.output.line(labels.text(nl: "Niets veranderd.", en: "Nothing changed."))
                return
            }
        }
        let done = try register.destroy(due, today: context.today, now: context.wallClock())
        let backups = done.isEmpty ? [] : try register.vault.backupsToRenew()
        context.emit(options, json: RetentionOutput.json(destroyed: done, backups: backups), text: RetentionOutput.text(destroyed: done, backups: backups, labels))
    }
}
