import ArgumentParser
import Casework
import Register
import Sync

/// The counsellor's own name and contact: the head of every annual report, and the name
/// co-counsellors see in shared caseloads.
struct ProfileCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile", abstract: "Show or set your name and contact, as annual reports and co-counsellors show them.",
        discussion: "Without options it shows them. They are kept sealed in this vault; a finalised report keeps those it was finalised with.")

    @OptionGroup var vault: VaultOptions
    @OptionGroup var options: OutputOptions
    @Option(help: "Your name, e.g. \"Anna de Vries\".") var name: String?
    @Option(help: "How an organisation reaches you, e.g. \"06-12345678, anna@example.nl\"; \"\" clears it.") var contact: String?

    func execute(in context: CommandContext) async throws {
        let name = try context.text(name).map { try PlainName.checked($0, field: "name") }
        let contact = try context.text(contact).map { $0.isEmpty ? "" : try PlainName.checked($0, field: "contact") }
        let register = try context.register(vault)
        if name != nil || contact != nil {
            try register.setProfile(name: name, contact: contact)
            // Colleagues see the new name from their next sync.
            if name != nil {
                for caseload in try Caseload.all(in: try context.vault(vault)) where !caseload.isHome {
                    try context.announceName(in: caseload, vault)
                }
            }
        }
        let profile = try register.reportAuthorship(written: context.today.description)
        let labels = Labels(language: options.language(context))
        let none = labels.text(nl: "(niet ingesteld)", en: "(not set)")
        context.emit(options, json: .object([("name", .optional(profile.counsellor)), ("contact", .optional(profile.contact))]),
                     text: labels.text(nl: "Naam: ", en: "Name: ") + DisplayText.line(profile.counsellor ?? none) + "\n"
                        + labels.text(nl: "Contact: ", en: "Contact: ") + DisplayText.line(profile.contact ?? none) + "\n")
    }
}
