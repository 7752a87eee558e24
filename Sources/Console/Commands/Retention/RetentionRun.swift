import ArgumentParser
import Casework

struct RetentionRun: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Destroy every case 'vp retention list' shows.",
        discussion: "As 'vp case destroy' for each: erased here at once, on other devices when they sync. Names the backups that still hold them.")

    @OptionGroup var vault: VaultOptions
    @OptionGroup var options: OutputOptions

    func execute(in context: CommandContext) async throws {
        let register = try context.register(vault)
        let done = try register.destroyDueCases(today: context.today, now: context.wallClock())
        let backups = done.isEmpty ? [] : try register.vault.backupsToRenew()
        context.emit(options, json: RetentionOutput.json(destroyed: done, backups: backups),
                     text: RetentionOutput.text(destroyed: done, backups: backups, Labels(language: options.language(context))))
    }
}
