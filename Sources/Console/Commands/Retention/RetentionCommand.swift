import ArgumentParser

struct RetentionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retention", abstract: "Cases due for destruction, destroying them, and which devices confirmed.",
        subcommands: [RetentionList.self, RetentionRun.self, RetentionStatus.self])
}
