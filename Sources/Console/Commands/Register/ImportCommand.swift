import ArgumentParser
import Casework
import Foundation
import Register
import Spreadsheet

struct ImportCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Bring in a register kept in a spreadsheet (.xlsx, or saved as CSV): one case per row.",
        discussion: """
            Columns named like the fields are taken as they are; name others with --map COLUMN=FIELD. Fields: \
            \(ImportField.names.joined(separator: ", ")) (contact_… adds one conversation per row). Codes may be \
            Dutch or English; translate the register's own words with --code FROM=TO. Dates: 2026-03-01 or 1-3-2026. \
            Every row is checked first: when one cannot be read nothing is written (each such row is listed), unless \
            --skip-bad. New organisations are added. Cases get references of the year they opened.
            """)

    @OptionGroup var vault: VaultOptions
    @OptionGroup var options: OutputOptions
    @Argument(help: "The .xlsx workbook (its first sheet) or CSV file (separated by ; or ,).") var file: String
    @Option(help: "COLUMN=FIELD: which field a column holds (repeatable).") var map: [String] = []
    @Option(help: "FROM=TO: a value of the register and the code it stands for (repeatable).") var code: [String] = []
    @Flag(help: "Check every row and say what would be made; write nothing.") var dryRun = false
    @Flag(help: "Import the rows that can be read and list the others.") var skipBad = false

    func execute(in context: CommandContext) async throws {
        guard let data = FileManager.default.contents(atPath: file) else { throw ConsoleError.unreadableFile(file) }
        let table = try table(data)
        let columns = try ImportField.columns(header: table.header, mapped: try Self.pairs(map, option: "--map"))
        let codes = ImportCodes(translations: try Self.pairs(code, option: "--code"))
        let today = context.today
        var rows: [ImportedCase] = []
        var refused: [(line: Int, reason: String)] = []
        for row in table.rows {
            do {
                rows.append(try ImportedCase(row.fields, columns: columns, codes: codes, today: today))
            } catch {
                refused.append((row.line, DisplayText.line(error.localizedDescription)))
            }
        }
        let labels = Labels(language: options.language(context))
        for (line, reason) in refused.prefix(100) { context.errors.line(labels.text(nl: "Regel \(line): \(reason)", en: "Line \(line): \(reason)")) }
        if refused.count > 100 { context.errors.line(labels.text(nl: "… en \(refused.count - 100) regels meer.", en: "… and \(refused.count - 100) more lines.")) }
        if !refused.isEmpty && !skipBad && !dryRun {
            throw ConsoleError.invalidValue("\(refused.count) of \(table.rows.count) rows cannot be imported (listed above); correct them, translate their words with --code, or import the others with --skip-bad. Nothing was written.")
        }
        var result = ImportResult()
        if dryRun {
            let organisations = Set(try context.casebook(vault).organisations.filter { $0.caseload == nil }.map { $0.name.lowercased() })
            result.cases = rows.count
            result.conversations = rows.filter { $0.conversation != nil }.count
            var seen = Set<String>()
            result.organisations = rows.map(\.organisation).filter { !organisations.contains($0.lowercased()) && seen.insert($0.lowercased()).inserted }
        } else if !rows.isEmpty {
            result = context.noteWritten(try context.register(vault).importCases(rows)).result
        }
        let verb = dryRun ? labels.text(nl: "Zou importeren", en: "Would import") : labels.text(nl: "Geïmporteerd", en: "Imported")
        let (cases, conversations, organisations) = (result.cases, result.conversations, result.organisations.count)
        let summary = labels.text(
            nl: "\(verb): \(cases) zaken, \(conversations) gesprekken, \(organisations) nieuwe organisaties; \(refused.count) regels overgeslagen.\n",
            en: "\(verb): \(cases) cases, \(conversations) conversations, \(organisations) new organisations; \(refused.count) lines skipped.\n")
        let json = JSONValue.object([
            ("cases", .integer(Int64(cases))), ("conversations", .integer(Int64(conversations))),
            ("new_organisations", .array(result.organisations.map { JSONValue.string($0) })), ("skipped", .integer(Int64(refused.count))),
            ("dry_run", .bool(dryRun)),
        ])
        context.emit(options, json: json, text: summary)
    }

    /// The register in `data`: an .xlsx workbook (known by its ZIP signature, whatever the
    /// file is called: its first sheet), else CSV text.
    func table(_ data: Data) throws -> ImportTable {
        if data.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            let sheet: XLSXSheet
            do { sheet = try XLSXSheet(data) } catch .notAWorkbook(let reason) {
                throw CaseworkError.invalidImport("\(file) cannot be read as a workbook: \(reason); save it again from the spreadsheet, or as 'CSV UTF-8'")
            }
            return try ImportTable(records: sheet.rows.map { ($0.number, $0.cells) })
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CaseworkError.invalidImport("\(file) is neither an .xlsx workbook nor UTF-8 text; save it from the spreadsheet as .xlsx or as 'CSV UTF-8'")
        }
        return try ImportTable.csv(text)
    }

    /// `NAME=VALUE` pairs of an option.
    static func pairs(_ given: [String], option: String) throws -> [String: String] {
        var pairs: [String: String] = [:]
        for item in given {
            let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw ConsoleError.invalidValue("'\(DisplayText.line(item))' is not NAME=VALUE; write \(option) like \(option) \"Datum melding=opened\".")
            }
            pairs[parts[0]] = parts[1]
        }
        return pairs
    }
}
