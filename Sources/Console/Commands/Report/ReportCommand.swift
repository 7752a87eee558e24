import ArgumentParser
import Casework
import Register
import Spreadsheet
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

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case md, html, pdf, csv, csvNL = "csv-nl", xlsx, json

        /// The file name's extension.
        var fileExtension: String { self == .csvNL ? "csv" : rawValue }
        /// Not text: written to a file only.
        var isBinary: Bool { self == .pdf || self == .xlsx }
    }

    @OptionGroup var vault: VaultOptions
    @OptionGroup var selection: ReportSelection
    @Option(help: "md (default), html, pdf (printed by Chromium, needs -o), csv, csv-nl (for Dutch spreadsheets: ; and decimal comma), xlsx (needs -o) or json.")
    var format: Format = .md
    @Flag(help: "The same as --format json.") var json = false
    @Option(help: "Language: nl (default, or $VP_LANG) or en.") var lang: Language?
    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?

    @Flag(help: "Every organisation's report of the year, one file each in the folder given with -o.") var all = false

    func execute(in context: CommandContext) async throws {
        let selection = try selection.checked(in: context, organisationNeeded: !all)
        let book = try context.casebook(vault)
        let language = lang ?? Language(rawValue: context.defaultLanguage) ?? .nl
        let labels = Labels(language: language)
        // Read once, for every organisation's report (a finalised one keeps its own).
        let authorship = try context.register(vault).reportAuthorship(written: context.today.description)
        guard all else {
            guard output != nil || !chosenFormat(context).isBinary else { throw ValidationError("A \(chosenFormat(context).rawValue) report needs -o FILE.") }
            let rendered = try render(book.organisation(named: selection.org), selection, book, authorship, language, context)
            guard let output else { return context.output.write(String(decoding: rendered, as: UTF8.self)) }
            try ReportFile.write(rendered, to: output)
            return context.errors.line(labels.text(nl: "Jaarverslag geschreven naar \(output).", en: "Report written to \(output)."))
        }
        guard let output else { throw ValidationError("With --all, give the folder to write the reports in with -o FOLDER.") }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: output, isDirectory: &isFolder), isFolder.boolValue else {
            throw ConsoleError.unwritableFile(output)
        }
        // One report per organisation (by name, across caseloads), in the order org list shows them.
        var names: [String] = []
        for record in book.organisations where !names.contains(where: { $0.lowercased() == record.name.lowercased() }) { names.append(record.name) }
        let folder = URL(fileURLWithPath: output)
        for name in names {
            let rendered = try render(book.organisation(named: name), selection, book, authorship, language, context)
            let file = folder.appendingPathComponent("\(labels.text(nl: "jaarverslag", en: "annual-report"))-\(selection.year)-\(Self.fileName(name)).\(chosenFormat(context).fileExtension)")
            try ReportFile.write(rendered, to: file.path)
            context.errors.line(labels.text(nl: "Jaarverslag geschreven naar \(file.path).", en: "Report written to \(file.path)."))
        }
        if names.isEmpty { context.errors.line(labels.text(nl: "Er zijn nog geen organisaties.", en: "There are no organisations yet.")) }
    }

    private func chosenFormat(_ context: CommandContext) -> Format {
        json || context.jsonByDefault ? .json : format
    }

    /// The report of `organisation` as the format asks; notes on stderr what the reader
    /// should know (a frozen year, a section written twice).
    private func render(_ organisation: NamedOrganisation, _ selection: ReportSelection, _ book: Casebook, _ authorship: ReportAuthorship,
                        _ language: Language, _ context: CommandContext) throws -> [UInt8] {
        let (year, threshold) = (selection.year, selection.threshold)
        let report: AnnualReport
        if let finalised = book.finalisedReport(of: organisation, year: year) {
            // A finalised year is always its frozen report, whatever happened to its cases since.
            guard let frozen = finalised.report else { throw ConsoleError.unreadableFinalisedReport(year: year) }
            report = frozen
            context.errors.line(Labels(language: language).text(
                nl: "Vastgesteld op \(finalised.finalisedOn) (drempel \(frozen.threshold)): dit verslag verandert niet meer.",
                en: "Finalised on \(finalised.finalisedOn) (threshold \(frozen.threshold)): this report no longer changes."))
        } else {
            report = book.currentReport(of: organisation, year: year, threshold: threshold, authorship: authorship)
            if book.lacksComparison(of: organisation, year: year) {
                context.errors.line(Labels(language: language).text(
                    nl: "\(year - 1) is niet vastgesteld, dus staat er geen vergelijking in; stel het vast met 'vp report finalize --org \"\(DisplayText.line(organisation.name))\" --year \(year - 1)' zodat het verslag van \(year) het ernaast zet zoals het is uitgegeven.",
                    en: "\(year - 1) is not finalised, so there is no comparison; finalise it with 'vp report finalize --org \"\(DisplayText.line(organisation.name))\" --year \(year - 1)' for the \(year) report to show it beside, as it was handed out."))
            }
            // A section written on two devices at once shows both texts until it is settled.
            for section in ReportSection.allCases where book.reportTexts(of: organisation, year: year, section: section).count > 1 {
                context.errors.line(Labels(language: language).text(
                    nl: "Let op: '\(section.label(.nl))' is op twee apparaten tegelijk geschreven en staat er twee keer in; voeg ze samen met 'vp report note --org \"\(DisplayText.line(organisation.name))\" --year \(year) --section \(section.code) --edit' (of --text).",
                    en: "Note: '\(section.label(.en))' was written on two devices at once and appears twice; merge them with 'vp report note --org \"\(DisplayText.line(organisation.name))\" --year \(year) --section \(section.code) --edit' (or --text)."))
            }
        }
        switch chosenFormat(context) {
        case .md: return Array(MarkdownReport.render(report, language: language).utf8)
        case .html: return Array(HTMLReport.render(report, language: language).utf8)
        case .pdf: return try ChromiumPDF.render(HTMLReport.render(report, language: language), environment: context.environment)
        case .csv: return Array(ReportFigures.csv(report, language: language).utf8)
        case .csvNL: return Array(ReportFigures.csv(report, language: language, dialect: .dutch).utf8)
        case .xlsx:
            // The CSV's rows, numbers as numbers.
            let table = ReportFigures.table(report, language: language)
            let sheet = Labels(language: language).text(nl: "Jaarverslag \(year)", en: "Annual report \(year)")
            return Array(try XLSXWorkbook.data(sheet: sheet, rows: table.rows, numeric: table.numeric))
        case .json: return Array(ReportFigures.json(report, language: language).rendered().utf8)
        }
    }

    /// A name as part of a file name: letters and digits kept, the rest a hyphen.
    static func fileName(_ name: String) -> String {
        let kept = name.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }
        return String(kept).split(separator: "-").joined(separator: "-")
    }
}

/// Which organisation, year and suppression threshold a report is for.
struct ReportSelection: ParsableArguments {
    @Option(help: "The organisation.") var org: String = ""
    @Option(help: "The year, e.g. 2026.") var year: Int
    @Option(help: "Hide counts below this (default 5, at least 3).") var threshold = Suppression.defaultThreshold

    /// Checked when the command runs, so a value out of range is bad input (65), not a usage error.
    func checked(in context: CommandContext, organisationNeeded: Bool = true) throws -> ReportSelection {
        guard !organisationNeeded || !org.isEmpty else { throw ValidationError("Give the organisation with --org NAME.") }
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
