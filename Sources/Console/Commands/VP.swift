import ArgumentParser

/// The root of every command, in the CLI and in the REPL.
public struct VP: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "vp",
        abstract: "Vertrouwd: the encrypted case register for confidential counsellors.",
        discussion: "Run 'vp' alone on a terminal (or 'vp repl') for an interactive prompt.",
        version: "vp 0.5.0 (sync protocol version 2)",
        subcommands: [
            InitCommand.self, UnlockCommand.self, LockCommand.self, PasswdCommand.self, BackupCommand.self, RestoreCommand.self,
            OrgCommand.self, CaseCommand.self, ContactCommand.self, ActivityCommand.self, SignalCommand.self,
            ReportCommand.self, RetentionCommand.self, HandoverCommand.self, HoursCommand.self, AgendaCommand.self, SearchCommand.self, SyncCommand.self, DeviceCommand.self, CaseloadCommand.self, ReplCommand.self,
        ])

    public init() {}
}
