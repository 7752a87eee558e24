import ArgumentParser
import Casework

struct HandoverAccept: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "accept", abstract: "Accept the cases handed to you, and remove the outgoing counsellor from that caseload.",
        discussion: "Your acceptance is recorded in the caseload (signed by this device); the outgoing counsellor's devices are removed and its key changes, so they read nothing written afterwards.")

    @OptionGroup var vault: VaultOptions
    @OptionGroup var options: OutputOptions
    @OptionGroup var relay: RelayOptions

    func execute(in context: CommandContext) async throws {
        let opened = try context.vault(vault)
        let register = try context.register(vault)
        let (accepted, waiting) = try await register.acceptHandovers(today: context.today, relay: try context.relay(opened, relay), now: context.wallClock)
        try context.rememberRelay(relay, in: opened)
        let names = try register.counsellorNames()
        let labels = Labels(language: options.language(context))
        let lines = accepted.map { handover in
            let from = DisplayText.line(names[handover.from] ?? handover.from)
            let refs = handover.refs.map(DisplayText.line).joined(separator: ", ")
            return labels.text(nl: "Aanvaard van \(from): \(refs); \(from) is uit de caseload verwijderd.",
                               en: "Accepted from \(from): \(refs); \(from) was removed from the caseload.")
        }
        for handover in waiting {
            let refs = handover.refs.map(DisplayText.line).joined(separator: ", ")
            context.errors.line(labels.text(
                nl: "Wacht nog: \(refs) zijn nog niet allemaal hier, of je bent geen beheerder van die caseload; synchroniseer later opnieuw.",
                en: "Still waiting: \(refs) have not all arrived, or you are not an admin of that caseload; sync again later."))
        }
        context.emit(options, json: .array(accepted.map { .object([("from", .string($0.from)), ("refs", .array($0.refs.map(JSONValue.string)))]) }),
                     text: (lines.isEmpty ? labels.text(nl: "Geen overdracht die op je wacht.", en: "No handover waiting for you.") : lines.joined(separator: "\n")) + "\n")
    }
}
