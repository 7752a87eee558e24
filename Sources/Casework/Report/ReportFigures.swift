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
        return .object([
            ("organisation", .string(report.organisation)),
            ("year", .integer(Int64(report.year))),
            ("threshold", .integer(Int64(report.threshold))),
            ("few_cases", .bool(report.fewCases)),
            ("cases_opened", .object(cell(report.casesOpened))),
            ("breakdowns", breakdowns(report.breakdowns)),
            ("by_counsellor_role", .array(report.roleParts.map { part in
                .object([("counsellor_role", .string(part.role)), ("label", .string(text.label(part.role, in: "counsellor_role"))),
                         ("cases_opened", .object(cell(part.casesOpened))),
                         ("breakdowns", breakdowns(part.breakdowns))])
            })),
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
        ])
    }

    /// One row per published figure: `section,dimension,code,label,count,hidden`.
    public static func csv(_ report: AnnualReport, language: Language, dialect: CSVDialect = .standard) -> String {
        let text = ReportText(language: language, threshold: report.threshold)
        var rows = [["section", "dimension", "code", "label", "count", "hidden"]]
        func row(_ section: String, _ dimension: String, _ code: String, _ label: String, _ cell: Suppression.Cell) {
            switch cell {
            case .shown(let value): rows.append([section, dimension, code, label, String(value), ""])
            case .small: rows.append([section, dimension, code, label, "", "small"])
            case .complementary: rows.append([section, dimension, code, label, "", "complementary"])
            }
        }
        row("cases", "total", "cases_opened", text.casesOpened, report.casesOpened)
        for part in report.roleParts {
            let section = "cases:" + part.role
            row(section, "total", "cases_opened", text.casesOpened, part.casesOpened)
            for breakdown in part.breakdowns {
                for item in breakdown.rows { row(section, breakdown.dimension, item.code, text.label(item.code, in: breakdown.dimension), item.cell) }
            }
        }
        for breakdown in report.breakdowns {
            for item in breakdown.rows { row("cases", breakdown.dimension, item.code, text.label(item.code, in: breakdown.dimension), item.cell) }
        }
        if let contacts = report.contacts { row("work", "total", "contacts", text.contacts, contacts) }
        if let hours = report.supportHours { rows.append(["work", "total", "support_hours", text.supportHours, String(hours), ""]) }
        rows.append(["work", "total", "activity_hours", text.activityHours, String(report.activityHours), ""])
        rows.append(["work", "total", "audience", text.audience, String(report.audience), ""])
        for line in report.activities {
            rows.append(["activities", line.kind, line.date, line.topic ?? "", String(line.hours), ""])
        }
        return dialect.render(rows, numeric: [4])
    }
}
