import ArgumentParser
import Casework
import Sync

struct CaseMove: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "move", abstract: "Move a case, with its conversations, to another caseload.",
        discussion: "Moving into a shared caseload shares the case with its members; on a terminal you are asked to confirm, in scripts give --yes. Private notes stay yours.")
    @OptionGroup var vault: VaultOptions
    @OptionGroup var options: OutputOptions
    @Argument(help: "The case reference.") var ref: String
    @Option(help: "The caseload's name ('eigen' for your own).") var to: String
    @Flag(help: "Do not ask for confirmation.") var yes = false

    func execute(in context: CommandContext) async throws {
        let to = try context.text(to)
        let target = try Caseload.named(to, in: try context.vault(vault))
        let labels = Labels(language: options.language(context))
        if !yes {
            guard let terminal = context.terminal else {
                throw ValidationError("Moving a case to '\(target.name)' shares it with that caseload's members; confirm with --yes.")
            }
            let question = labels.text(
                nl: "Zaak \(ref) verplaatsen naar '\(target.name)'? De leden daarvan kunnen hem dan lezen. [j/N] ",
                en: "Move case \(ref) to '\(target.name)'? Its members will be able to read it. [y/N] ")
            guard let answer = try terminal.readLine(prompt: question), ["j", "ja", "y", "yes"].contains(answer.lowercased()) else {
                context.output.line(labels.text(nl: "Niets veranderd.", en: "Nothing changed."))
                return
            }
        }
        context.noteWritten(try context.register(vault).move(ref: ref, to: target))
        context.answer(options, EditAnswer(changed: .case, ref: ref, id: target.name),
                     text: labels.text(nl: "Zaak \(ref) staat nu in '\(target.name)'.\n", en: "Case \(ref) is now in '\(target.name)'.\n"))
    }
}
