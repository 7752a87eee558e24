import ArgumentParser

struct HandoverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "handover", abstract: "Hand open cases to a successor counsellor, accept a handover, list handovers.",
        subcommands: [HandoverGive.self, HandoverAccept.self, HandoverList.self])
}
