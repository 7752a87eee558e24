import ArgumentParser
import Casework

/// Tab completion for the REPL: command names, then subcommands, then case references
/// and codes.
struct Completer {
    let references: [String]

    static let commandTree: [String: [String]] = Dictionary(
        uniqueKeysWithValues: VP.configuration.subcommands.map { command in
            (command._commandName, command.configuration.subcommands.map { $0._commandName })
        })

    static let codes: [String] = {
        let lists: [[String]] = [
            Channel.codes, ReporterRole.codes, Category.codes, IntegrityType.codes, OtherParty.codes,
            FormalStep.codes, Referral.codes, CaseStatus.codes, ConsentState.codes, ActivityKind.codes,
            CaseField.settable,
        ]
        return Array(Set(lists.joined())).sorted()
    }()

    static let tags: [String] = {
        let plain: [String] = Category.codes
        let integrity: [String] = IntegrityType.codes.map { "integrity:" + $0 }
        let referrals: [String] = Referral.codes.map { "referral:" + $0 }
        let all: [String] = plain + integrity + referrals
        return all.map { "+" + $0 } + all.map { "-" + $0 }
    }()

    /// Candidates for the word being typed at the end of `before`.
    func candidates(before: String) -> [String] {
        var words = before.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        let current = words.popLast() ?? ""
        let typed = words.filter { !$0.isEmpty }
        switch typed.count {
        case 0:
            return (Self.commandTree.keys + ["help", "exit"]).sorted()
        case 1:
            return Self.commandTree[typed[0]] ?? []
        default:
            if current.hasPrefix("+") || current.hasPrefix("-") && !current.hasPrefix("--") { return Self.tags }
            return references + Self.codes
        }
    }
}
