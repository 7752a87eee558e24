import ArgumentParser

struct ReplCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl", abstract: "An interactive prompt on the vault: every command without the 'vp' prefix.")
    @OptionGroup var vault: VaultOptions
    @OptionGroup var options: OutputOptions

    func execute(in context: CommandContext) async throws {
        guard !context.insideRepl else { throw ConsoleError.nestedRepl }
        // Every command typed answers in JSON (or this language) unless it says otherwise.
        context.jsonByDefault = options.json
        context.languageByDefault = options.lang
        defer { context.jsonByDefault = false; context.languageByDefault = nil }
        try await Repl(context: context, options: vault).run()
    }
}
