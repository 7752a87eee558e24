import ArgumentParser
import Casework
import Foundation

struct ReportNoteCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "note", abstract: "Write your narrative for one section of the annual report.",
        discussion: "Sections: trends, findability, information, route, accessibility, attention. Kept in the vault and synced like every record.")

    @OptionGroup var vault: VaultOptions
    @OptionGroup var options: OutputOptions
    @Option(help: "The organisation.") var org: String
    @Option(help: "The year, e.g. 2026.") var year: Int
    @Option(help: "trends, findability, information, route, accessibility or attention.", completion: .list(ReportSection.codes)) var section: String
    @Option(help: "The text (\"-\": read it from standard input).") var text: String?
    @Flag(help: "Write the text in $EDITOR (on a terminal).") var edit = false

    func validate() throws {
        guard (text == nil) != !edit else { throw ValidationError("Give either --text TEXT or --edit.") }
    }

    func execute(in context: CommandContext) async throws {
        let org = try context.text(org)
        let part = try ReportSection.parse(section)
        let opened = try context.vault(vault)
        var body = try context.text(text) ?? ""
        if edit {
            guard context.terminal != nil else { throw ConsoleError.needsTerminal("--edit") }
            let book = Casebook(records: try opened.records())
            let organisation = try book.organisation(named: org)
            // Every version standing, so that the counsellor merges them instead of losing one.
            let current = book.reportTexts(of: organisation, year: year, section: part)
            body = try EditorSession.edit(current.joined(separator: "\n\n-----\n\n"), editor: context.environment["EDITOR"] ?? "vi")
        }
        try context.write(vault) { try $0.setReportNote(organisation: org, year: year, section: part, text: body) }
        context.answer(options, EditAnswer(changed: .reportNote, id: part.code),
                     text: Labels(language: options.language(context)).text(
                        nl: "Tekst voor '\(part.label(.nl))' opgeslagen.\n", en: "Text for '\(part.label(.en))' saved.\n"))
    }
}

/// Lets the counsellor write in their own editor. The text must pass through a file: it is
/// put in a private folder, and overwritten and removed straight after.
enum EditorSession {
    static func edit(_ initial: String, editor: String) throws -> String {
        let folder = try PrivateFolder()
        defer { folder.remove() }
        let file = folder.file("note.md", contents: Data(initial.utf8))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "\(editor) \"$1\"", "editor", file.path]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0, let data = FileManager.default.contents(atPath: file.path) else {
            throw ConsoleError.editorFailed(editor)
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
