import ArgumentParser
import Casework
import Foundation
import Spreadsheet

struct HoursCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "hours", abstract: "Hours for invoicing: conversations and other work per organisation and month.",
        discussion: "Nothing about any case is in it: no reference, no day, no content. Hours of conversations come from their minutes; other work from 'vp activity add'.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, csv, csvNL = "csv-nl", xlsx, json }

    @OptionGroup var vault: VaultOptions
    @Option(help: "The year, e.g. 2026.") var year: Int
    @Option(help: "Only this organisation.") var org: String?
    @Option(help: "text (default), csv, csv-nl (for Dutch spreadsheets: ; and decimal comma), xlsx (needs -o) or json.") var format: Format = .text
    @Flag(help: "The same as --format json.") var json = false
    @Option(help: "Language: nl (default, or $VP_LANG) or en.") var lang: Language?
    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?

    func execute(in context: CommandContext) async throws {
        let org = try context.text(org)
        try ConsoleError.checkYear(year)
        let book = try context.casebook(vault)
        let statement = HoursStatement(book: book, year: year, organisation: try org.map { try book.organisation(named: $0) })
        let labels = Labels(language: lang ?? Language(rawValue: context.defaultLanguage) ?? .nl)
        let chosen = json || context.jsonByDefault ? .json : format
        if chosen == .xlsx {
            guard let output else { throw ValidationError("An xlsx statement needs -o FILE.") }
            let workbook = try XLSXWorkbook.data(sheet: labels.text(nl: "Uren \(year)", en: "Hours \(year)"), rows: rows(statement), numeric: [2, 3, 4, 5])
            try ReportFile.write(Array(workbook), to: output)
            return context.errors.line(labels.text(nl: "Uren geschreven naar \(output).", en: "Hours written to \(output)."))
        }
        let rendered = switch chosen {
        case .text: text(statement, labels)
        case .csv: CSVDialect.standard.render(rows(statement), numeric: [3, 4, 5])
        case .csvNL: CSVDialect.dutch.render(rows(statement), numeric: [3, 4, 5])
        case .xlsx: ""  // written above
        case .json: JSONValue.array(statement.rows.map { row in
            .object([
                ("organisation", .string(row.organisation)), ("month", .string(row.month)), ("conversations", .integer(Int64(row.conversations))),
                ("conversation_hours", .number(row.conversationHours)), ("activity_hours", .number(row.activityHours)),
                ("total_hours", .number(row.totalHours)),
            ])
        }).rendered()
        }
        guard let output else { return context.output.write(rendered) }
        try ReportFile.write(rendered, to: output)
        context.errors.line(labels.text(nl: "Uren geschreven naar \(output).", en: "Hours written to \(output)."))
    }

    private func hours(_ value: Double) -> String { String(format: "%.2f", value) }

    private func text(_ statement: HoursStatement, _ labels: Labels) -> String {
        var table = Table([
            labels.text(nl: "ORGANISATIE", en: "ORGANISATION"), labels.text(nl: "MAAND", en: "MONTH"),
            labels.text(nl: "GESPREKKEN", en: "CONVERSATIONS"), labels.text(nl: "UREN GESPREKKEN", en: "CONVERSATION HOURS"),
            labels.text(nl: "UREN OVERIG", en: "OTHER HOURS"), labels.text(nl: "TOTAAL", en: "TOTAL"),
        ])
        for row in statement.rows {
            table.rows.append([row.organisation, row.month, String(row.conversations), hours(row.conversationHours),
                               hours(row.activityHours), hours(row.totalHours)])
        }
        table.rows.append([labels.text(nl: "totaal \(statement.year)", en: "total \(statement.year)"), "",
                           String(statement.rows.map(\.conversations).reduce(0, +)), hours(statement.rows.map(\.conversationHours).reduce(0, +)),
                           hours(statement.rows.map(\.activityHours).reduce(0, +)), hours(statement.rows.map(\.totalHours).reduce(0, +))])
        return table.rendered()
    }

    /// The spreadsheet rows, header first.
    private func rows(_ statement: HoursStatement) -> [[String]] {
        let header = ["organisation", "month", "conversations", "conversation_hours", "activity_hours", "total_hours"]
        return [header] + statement.rows.map { row in
            [row.organisation, row.month, String(row.conversations), hours(row.conversationHours), hours(row.activityHours), hours(row.totalHours)]
        }
    }
}
