import ArgumentParser
import Casework
import Foundation

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "The anonymised annual report (jaarverslag) of an organisation.",
        subcommands: [ReportGenerate.self, ReportNoteCommand.self, ReportFinalizeCommand.self], defaultSubcommand: ReportGenerate.self)
}

struct ReportGenerate: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write the report: figures with small numbers hidden, activities, signals and your narrative.",
        discussion: "Counts from 1 to threshold-1 show as \"< threshold\"; further cells are hidden (\"x\") so none can be worked out. With fewer cases than the threshold only that fact is shown.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case md, html, csv, json }

    @OptionGroup var vault: VaultOptions
    @OptionGroup var selection: ReportSelection
    @Option(help: "md (default), html, csv or json.") var format: Format = .md
    @Flag(help: "The same as --format json.") var json = false
    @Option(help: "Language: nl (default, or $VP_LANG) or en.") var lang: Language?
    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?

    func execute(in context: CommandContext) async throws {
        let selection = try selection.checked(in: context)
        let (year, threshold) = (selection.year, selection.threshold)
        let book = try context.casebook(vault)
        let organisation = try book.organisation(named: selection.org)
        let language = lang ?? Language(rawValue: context.defaultLanguage) ?? .nl
        let report: AnnualReport
        if let finalised = book.finalisedReport(of: organisation, year: year) {
            // A finalised year is always its frozen report, whatever happened to its cases since.
            guard let frozen = finalised.report else { throw ConsoleError.unreadableFinalisedReport(year: year) }
            report = frozen
            context.errors.line(Labels(language: language).text(
                nl: "Vastgesteld op \(finalised.finalisedOn) (drempel \(frozen.threshold)): dit verslag verandert niet meer.",
                en: "Finalised on \(finalised.finalisedOn) (threshold \(frozen.threshold)): this report no longer changes."))
        } else {
            report = AnnualReport(book: book, organisation: organisation, year: year, threshold: threshold)
            // A section written on two devices at once shows both texts until it is settled.
            for section in ReportSection.allCases where book.reportTexts(of: organisation, year: year, section: section).count > 1 {
                context.errors.line(Labels(language: language).text(
                    nl: "Let op: '\(section.label(.nl))' is op twee apparaten tegelijk geschreven en staat er twee keer in; voeg ze samen met 'vp report note --org \"\(DisplayText.line(organisation.name))\" --year \(year) --section \(section.code) --edit' (of --text).",
                    en: "Note: '\(section.label(.en))' was written on two devices at once and appears twice; merge them with 'vp report note --org \"\(DisplayText.line(organisation.name))\" --year \(year) --section \(section.code) --edit' (or --text)."))
            }
        }
        let rendered = switch json || context.jsonByDefault ? .json : format {
        case .md: MarkdownReport.render(report, language: language)
        case .html: HTMLReport.render(report, language: language)
        case .csv: ReportFigures.csv(report, language: language)
        case .json: ReportFigures.json(report, language: language).rendered()
        }
        guard let output else {
            context.output.write(rendered)
            return
        }
        try ReportFile.write(rendered, to: output)
        context.errors.line(Labels(language: language).text(nl: "Jaarverslag geschreven naar \(output).", en: "Report written to \(output)."))
    }
}

/// Which organisation, year and suppression threshold a report is for.
struct ReportSelection: ParsableArguments {
    @Option(help: "The organisation.") var org: String
    @Option(help: "The year, e.g. 2026.") var year: Int
    @Option(help: "Hide counts below this (default 5, at least 3).") var threshold = Suppression.defaultThreshold

    /// Checked when the command runs, so a value out of range is bad input (65), not a usage error.
    func checked(in context: CommandContext) throws -> ReportSelection {
        guard threshold >= Suppression.minimumThreshold else {
            throw ConsoleError.invalidValue("The threshold must be at least \(Suppression.minimumThreshold): smaller groups can be traced to persons.")
        }
        try ConsoleError.checkYear(year)
        var checked = self
        checked.org = try context.text(org)
        return checked
    }
}

/// Writes a report or export file whole or not at all (temporary file, then rename),
/// readable by the user only. A path that is not a regular file (a device such as
/// /dev/stdout, a pipe) is written in place: renaming over it would replace it.
enum ReportFile {
    static func write(_ text: String, to path: String) throws {
        try write(Array(text.utf8), to: path)
    }

    static func write(_ bytes: [UInt8], to path: String) throws {
        var status = stat()
        if stat(path, &status) == 0, status.st_mode & S_IFMT != S_IFREG {
            guard status.st_mode & S_IFMT != S_IFDIR else { throw ConsoleError.unwritableFile(path) }
            return try writeInPlace(bytes, to: path)
        }
        let target = URL(fileURLWithPath: path)
        let temporary = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).\(getpid()).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: Data(bytes), attributes: [.posixPermissions: 0o600]) else {
            throw ConsoleError.unwritableFile(path)
        }
        guard rename(temporary.path, target.path) == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            throw ConsoleError.unwritableFile(path)
        }
    }

    private static func writeInPlace(_ bytes: [UInt8], to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ConsoleError.unwritableFile(path) }
        defer { close(descriptor) }
        let stream = FileDescriptorStream(descriptor, filtered: false)
        stream.write(bytes)
        if stream.hasFailed { throw ConsoleError.unwritableFile(path) }
    }
}
