import ArgumentParser

struct ReplCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl", abstract: "An interactive prompt on the vault: every command without the 'vp' prefix.")
    @OptionGroup var vault: VaultOptions

    func execute(in context: CommandContext) async throws {
        guard !context.insideRepl else { throw ConsoleError.nestedRepl }
        try await Repl(context: context, options: vault).run()
    }
}
