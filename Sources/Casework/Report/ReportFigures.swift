/// The report's figures as JSON and CSV: the same cells as the text, and a hidden cell
/// carries no number at all.
public enum ReportFigures {
    public static func json(_ report: AnnualReport, language: Language) -> JSONValue {
        let text = ReportText(language: language, threshold: report.threshold)
        func cell(_ cell: Suppression.Cell) -> [(String, JSONValue)] {
            switch cell {
            case .shown(let value): [("count", .integer(Int64(value))), ("hidden", .null)]
            case .small: [("count", .null), ("hidden", .string("small"))]
            case .complementary: [("count", .null), ("hidden", .string("complementary"))]
            }
        }
        func breakdowns(_ list: [AnnualReport.Breakdown]) -> JSONValue {
            .object(list.map { breakdown in
                // A withheld breakdown is null: not even which codes occurred.
                (breakdown.dimension, breakdown.isWithheld ? .null : .array(breakdown.rows.map { row in
                    .object([("code", .string(row.code)), ("label", .string(text.label(row.code, in: breakdown.dimension)))] + cell(row.cell))
                }))
            })
        }
        func rolePartsJSON(_ parts: [AnnualReport.RolePart]) -> JSONValue {
            .array(parts.map { part in
                .object([("counsellor_role", .string(part.role)), ("label", .string(text.label(part.role, in: "counsellor_role"))),
                         ("cases_opened", .object(cell(part.casesOpened))),
                         ("breakdowns", breakdowns(part.breakdowns))])
            })
        }
        let author = report.authorship
        let period: JSONValue = .object([("from", .string("\(report.year)-01-01")), ("to", .string("\(report.year)-12-31"))])
        let counsellor: JSONValue = .object([("name", .optional(author.counsellor)), ("contact", .optional(author.contact))])
        let previous: JSONValue = report.previous.map { last in
            .object([
                ("year", .integer(Int64(last.year))),
                ("threshold", .integer(Int64(last.threshold))),
                ("cases_opened", .object(cell(last.casesOpened))),
                ("breakdowns", breakdowns(last.breakdowns)),
                ("by_counsellor_role", rolePartsJSON(last.roleParts)),
                ("contacts", last.contacts.map { .object(cell($0)) } ?? .null),
                ("support_hours", last.supportHours.map(JSONValue.number) ?? .null),
                ("activity_hours", .number(last.activityHours)),
                ("audience", .integer(last.audience)),
            ])
        } ?? .null
        return .object([
            ("organisation", .string(report.organisation)),
            ("year", .integer(Int64(report.year))),
            ("period", period),
            ("counsellor", counsellor),
            ("written", .optional(author.written)),
            ("threshold", .integer(Int64(report.threshold))),
            ("few_cases", .bool(report.fewCases)),
            ("cases_opened", .object(cell(report.casesOpened))),
            ("breakdowns", breakdowns(report.breakdowns)),
            ("by_counsellor_role", rolePartsJSON(report.roleParts)),
            ("contacts", report.contacts.map { .object(cell($0)) } ?? .null),
            ("support_hours", report.supportHours.map(JSONValue.number) ?? .null),
            ("activity_hours", .number(report.activityHours)),
            ("audience", .integer(report.audience)),
            ("activities", .array(report.activities.map { line in
                .object([("date", .string(line.date)), ("kind", .string(line.kind)), ("hours", .number(line.hours)),
                         ("audience", line.audience.map(JSONValue.integer) ?? .null), ("topic", .optional(line.topic))])
            })),
            ("signals", .array(report.signals.map { .object([("date", .string($0.date)), ("theme", .string($0.theme)), ("text", .string($0.text))]) })),
            ("narrative", .object(report.narrative.map { ($0.section.code, .string($0.text)) })),
            // Last year's figures as its report gave them (see PreviousYear); null without.
            ("previous_year", previous),
        ])
    }

    /// One row per published figure or text:
    /// `section,dimension,code,label,count,hidden,previous_count,previous_hidden,date,text`.
    /// `previous_…` is last year's figure when the report compares; `date` and `text` belong
    /// to the report's own lines (period, writer), activities, signals and narrative.
    public static func csv(_ report: AnnualReport, language: Language, dialect: CSVDialect = .standard) -> String {
        let table = table(report, language: language)
        return dialect.render(table.rows, numeric: table.numeric)
    }

    /// The CSV's rows (header first) and which columns hold numbers, for any spreadsheet format.
    public static func table(_ report: AnnualReport, language: Language) -> (rows: [[String]], numeric: Set<Int>) {
        let text = ReportText(language: language, threshold: report.threshold)
        let last = report.previous
        var rows = [["section", "dimension", "code", "label", "count", "hidden", "previous_count", "previous_hidden", "date", "text"]]
        func values(_ cell: Suppression.Cell?) -> [String] {
            switch cell {
            case .shown(let value): [String(value), ""]
            case .small: ["", "small"]
            case .complementary: ["", "complementary"]
            case nil: ["", ""]
            }
        }
        func row(_ section: String, _ dimension: String, _ code: String, _ label: String, _ cell: Suppression.Cell, _ previous: Suppression.Cell?) {
            rows.append([section, dimension, code, label] + values(cell) + values(previous) + ["", ""])
        }
        func line(_ section: String, _ dimension: String, _ code: String, _ label: String, count: String = "", previous: String = "", date: String = "", text: String = "") {
            rows.append([section, dimension, code, label, count, "", previous, "", date, text])
        }
        line("report", "about", "period", text.periodLabel, date: "\(report.year)-01-01", text: "\(report.year)-12-31")
        if let name = report.authorship.counsellor { line("report", "about", "counsellor", text.counsellorLabel, text: name) }
        if let contact = report.authorship.contact { line("report", "about", "contact", text.contactLabel, text: contact) }
        if let written = report.authorship.written { line("report", "about", "written", text.writtenLabel, date: written) }
        if let last { line("report", "about", "previous_year", "", count: String(last.year)) }
        row("cases", "total", "cases_opened", text.casesOpened, report.casesOpened, last?.casesOpened)
        for part in report.roleParts {
            let section = "cases:" + part.role
            row(section, "total", "cases_opened", text.casesOpened, part.casesOpened, last?.cell(role: part.role, dimension: nil, code: ""))
            for breakdown in part.breakdowns {
                for item in breakdown.rows {
                    row(section, breakdown.dimension, item.code, text.label(item.code, in: breakdown.dimension), item.cell,
                        last?.cell(role: part.role, dimension: breakdown.dimension, code: item.code))
                }
            }
        }
        for breakdown in report.breakdowns {
            for item in breakdown.rows {
                row("cases", breakdown.dimension, item.code, text.label(item.code, in: breakdown.dimension), item.cell,
                    last?.cell(role: nil, dimension: breakdown.dimension, code: item.code))
            }
        }
        if let contacts = report.contacts { row("work", "total", "contacts", text.contacts, contacts, last?.contacts) }
        if let hours = report.supportHours {
            line("work", "total", "support_hours", text.supportHours, count: decimal(hours), previous: last?.supportHours.map(decimal) ?? "")
        }
        line("work", "total", "activity_hours", text.activityHours, count: decimal(report.activityHours), previous: last.map { decimal($0.activityHours) } ?? "")
        line("work", "total", "audience", text.audience, count: String(report.audience), previous: last.map { String($0.audience) } ?? "")
        // Two figures per activity, each its own row: its hours and, when counted, its audience.
        for activity in report.activities {
            line("activities", "hours", activity.kind, text.activityKind(activity.kind), count: decimal(activity.hours), date: activity.date, text: activity.topic ?? "")
            if let audience = activity.audience {
                line("activities", "audience", activity.kind, text.activityKind(activity.kind), count: String(audience), date: activity.date, text: activity.topic ?? "")
            }
        }
        for signal in report.signals { line("signals", "theme", signal.theme, text.theme(signal.theme), date: signal.date, text: signal.text) }
        for (section, body) in report.narrative { line("narrative", "section", section.code, section.label(language), text: body) }
        return (rows, [4, 6])
    }

    /// Hours as a spreadsheet reads them: "3", "2.5" (no "3.0").
    static func decimal(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
