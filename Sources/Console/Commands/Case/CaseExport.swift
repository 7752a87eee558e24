import ArgumentParser
import Casework

struct CaseExport: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write a case for the person it is about (an access request), without your private note.",
        discussion: """
            Fields you name with --redact are left out, and the export says what was left out and why. The export \
            is noted in the case's history. Fields: \(AccessRequest.redactable.joined(separator: " ")).
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case json, html, pdf }

    @OptionGroup var vault: VaultOptions
    @Argument(help: "The case reference.") var ref: String
    @Option(help: "json, html or pdf.") var format: Format?
    @Flag(help: "The same as --format json.") var json = false
    @Option(help: "Leave this field out (repeat for more).") var redact: [String] = []
    @Option(help: "Language: nl (default, or $VP_LANG) or en.") var lang: Language?
    @Option(name: .shortAndLong, help: "Write to this file (needed for pdf) instead of standard output.") var output: String?

    func execute(in context: CommandContext) async throws {
        guard let format = json || context.jsonByDefault ? .json : format else { throw ValidationError("Give --format json, html or pdf.") }
        guard format != .pdf || output != nil else { throw ValidationError("A pdf export needs --output FILE.") }
        let (book, file) = try context.caseWithDetails(ref: ref, vault)
        let request = try AccessRequest(file: file, contacts: book.contacts(of: file.id), withholding: redact)
        let labels = Labels(language: lang ?? Language(rawValue: context.defaultLanguage) ?? .nl)
        let document = AccessRequestDocument(request: request, presenter: CasePresenter(book: book, caseloads: try CaseloadNames(vault: context.vault(vault), labels: labels)))
        let bytes: [UInt8] = switch format {
        case .json: Array(document.json().rendered().utf8)
        case .html: Array(document.html().utf8)
        case .pdf: document.pdf()
        }
        // Noted first: an export that is not in the audit trail must not exist.
        let note = request.auditNote(on: context.today, format: format.rawValue)
        try context.write(vault, needing: CaseIndex.caseNeeds(ref: ref)) { try $0.noteExport(ref: ref, note) }
        if let output {
            try ReportFile.write(bytes, to: output)
            context.errors.line(labels.text(nl: "Inzage geschreven naar \(output).", en: "Export written to \(output)."))
        } else {
            context.output.write(String(decoding: bytes, as: UTF8.self))
        }
    }
}
