import ArgumentParser

/// The root of every command, in the CLI and in the REPL.
public struct VP: ParsableCommand {
    static let versionNumber = "0.5.0"
    static let syncProtocol = 2

    public static let configuration = CommandConfiguration(
        commandName: "vp",
        abstract: "Vertrouwd: the encrypted case register for confidential counsellors.",
        discussion: "Run 'vp' alone on a terminal (or 'vp repl') for an interactive prompt.",
        version: "vp \(versionNumber) (sync protocol version \(syncProtocol))",
        subcommands: [
            InitCommand.self, UnlockCommand.self, LockCommand.self, PasswdCommand.self, BackupCommand.self, RestoreCommand.self, ProfileCommand.self,
            OrgCommand.self, CaseCommand.self, ContactCommand.self, ActivityCommand.self, SignalCommand.self,
            ReportCommand.self, RetentionCommand.self, HandoverCommand.self, HoursCommand.self, ImportCommand.self, AgendaCommand.self, SearchCommand.self, SyncCommand.self, DeviceCommand.self, CaseloadCommand.self, ReplCommand.self,
        ])

    public init() {}
}
