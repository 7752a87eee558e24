/// The annual report as one self-contained HTML file: inline CSS and SVG bar charts, no
/// scripts and no network requests, laid out for A4.
public enum HTMLReport {
    public static func render(_ report: AnnualReport, language: Language) -> String {
        let text = ReportText(language: language, threshold: report.threshold)
        let last = report.previous
        var body = "<h1>\(escape(text.title)) \(report.year)</h1>\n<p class=\"org\">\(escape(report.organisation))</p>\n<dl class=\"about\">\n"
        for line in text.about(report) { body += "<dt>\(escape(line.label))</dt><dd>\(escape(line.value))</dd>\n" }
        body += "</dl>\n<p class=\"intro\">\(escape(text.intro(report)))"
        if let comparison = text.comparison(report) { body += "<br>\(escape(comparison))" }
        body += "</p>\n<h2>\(escape(text.casesHeading))</h2>\n"
        /// A total, with last year's beside it.
        func total(_ cell: Suppression.Cell, _ previous: Suppression.Cell?) -> String {
            let beside = last.flatMap { text.previous(cell, previous, of: $0) }.map { " <span class=\"date\">(\(escape($0)))</span>" } ?? ""
            return "<p class=\"total\">\(escape(text.casesOpened)): <strong>\(escape(text.cell(cell)))</strong>\(beside)</p>\n"
        }
        if report.fewCases {
            body += "<p>\(escape(text.fewCases(report)))</p>\n"
            if let last {
                body += "<p class=\"date\">\(escape(text.casesOpened)) \(last.year): \(escape(ReportText(language: language, threshold: last.threshold).cell(last.casesOpened)))</p>\n"
            }
        } else {
            body += total(report.casesOpened, last?.casesOpened)
            body += "<div class=\"charts\">\n"
            for part in report.roleParts {
                body += "<h3>\(escape(text.roleHeading(part.role)))</h3>\n"
                body += total(part.casesOpened, last?.cell(role: part.role, dimension: nil, code: ""))
                for breakdown in part.breakdowns { body += chart(breakdown, role: part.role, last, text: text) }
            }
            for breakdown in report.breakdowns { body += chart(breakdown, role: nil, last, text: text) }
            body += "</div>\n"
        }
        body += "<h2>\(escape(text.workHeading))</h2>\n<table class=\"figures\">\n"
        if let last { body += "<tr><th></th><th class=\"n\">\(report.year)</th><th class=\"n\">\(last.year)</th></tr>\n" }
        /// One row: this year's figure and, with a comparison, last year's.
        func row(_ label: String, _ value: String, _ previous: String?) -> String {
            "<tr><td>\(escape(label))</td><td>\(escape(value))</td>" + (last == nil ? "" : "<td class=\"n\">\(escape(previous ?? ""))</td>") + "</tr>\n"
        }
        let earlier = last.map { ReportText(language: language, threshold: $0.threshold) }
        if let contacts = report.contacts {
            body += row(text.contacts, text.cell(contacts), last?.contacts.flatMap { earlier?.cell($0) })
            body += row(text.supportHours, report.supportHours.map(text.hours) ?? text.cell(.complementary), last?.supportHours.map(text.hours))
        }
        body += row(text.activityHours, text.hours(report.activityHours), last.map { text.hours($0.activityHours) })
        body += row(text.audience, String(report.audience), last.map { String($0.audience) }) + "</table>\n"
        body += "<h2>\(escape(text.activitiesHeading))</h2>\n"
        if report.activities.isEmpty {
            body += "<p>\(escape(text.noActivities))</p>\n"
        } else {
            let c = text.columns
            body += "<table><thead><tr><th>\(c.date)</th><th>\(c.kind)</th><th class=\"n\">\(c.hours)</th><th class=\"n\">\(c.audience)</th><th>\(c.topic)</th></tr></thead><tbody>\n"
            for line in report.activities {
                body += "<tr><td>\(line.date)</td><td>\(escape(text.activityKind(line.kind)))</td><td class=\"n\">\(text.hours(line.hours))</td>"
                body += "<td class=\"n\">\(line.audience.map(String.init) ?? "")</td><td>\(escape(line.topic ?? ""))</td></tr>\n"
            }
            body += "</tbody></table>\n"
        }
        body += "<h2>\(escape(text.signalsHeading))</h2>\n"
        if report.signals.isEmpty {
            body += "<p>\(escape(text.noSignals))</p>\n"
        } else {
            body += "<ul class=\"signals\">\n"
            for signal in report.signals {
                body += "<li><strong>\(escape(text.theme(signal.theme)))</strong> <span class=\"date\">\(signal.date)</span><br>\(escape(signal.text))</li>\n"
            }
            body += "</ul>\n"
        }
        for (section, note) in report.narrative {
            body += "<h2>\(escape(section.label(language)))</h2>\n"
            body += note.split(separator: "\n", omittingEmptySubsequences: true).map { "<p>\(escape(String($0)))</p>" }.joined(separator: "\n") + "\n"
        }
        return """
            <!DOCTYPE html>
            <html lang="\(language.rawValue)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(text.title)) \(report.year) — \(escape(report.organisation))</title>
            <style>\(style(text))</style>
            </head>
            <body>
            \(body)</body>
            </html>

            """
    }

    /// Printed (Chromium, `vp report --format pdf`), each page says its number in the footer.
    static func style(_ text: ReportText) -> String {
        let page = text.pageLabel
        return """
        @page { size: A4; margin: 18mm 16mm; @bottom-center { content: "\(page.page) " counter(page) " \(page.of) " counter(pages); font-size: 8pt; color: #6b7d87; } }
        """ + "\n" + style
    }

    static let style = """
        body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: #1d2a33; max-width: 178mm; margin: 0 auto; padding: 12px; font-size: 10.5pt; line-height: 1.45; }
        h1 { font-size: 19pt; margin: 0 0 2px; color: #0d4d6b; }
        .org { font-size: 13pt; margin: 0 0 10px; color: #3c5a6a; }
        h2 { font-size: 13pt; color: #0d4d6b; border-bottom: 1px solid #c9d6dd; padding-bottom: 2px; margin-top: 20px; page-break-after: avoid; }
        dl.about { display: grid; grid-template-columns: max-content auto; gap: 1px 12px; margin: 0 0 10px; font-size: 9.5pt; }
        dl.about dt { color: #51646f; }
        dl.about dd { margin: 0; }
        .intro { font-size: 9pt; color: #51646f; background: #f1f5f7; padding: 6px 8px; border-radius: 4px; }
        .charts { display: flex; flex-wrap: wrap; gap: 8px 18px; }
        figure { margin: 0; width: 84mm; page-break-inside: avoid; }
        figcaption { font-weight: bold; font-size: 9.5pt; margin-bottom: 2px; }
        svg text { font-family: inherit; font-size: 8.5px; fill: #1d2a33; }
        svg .last { fill: #6b7d87; }
        table { border-collapse: collapse; width: 100%; font-size: 9.5pt; page-break-inside: avoid; }
        th, td { text-align: left; padding: 3px 6px; border-bottom: 1px solid #e1e8ec; vertical-align: top; }
        th { background: #eef3f6; }
        .n { text-align: right; }
        table.figures { width: auto; }
        table.figures td:nth-child(2) { text-align: right; font-weight: bold; padding-left: 24px; }
        table.figures td:nth-child(3) { color: #6b7d87; }
        .signals li { margin-bottom: 6px; }
        .date { color: #6b7d87; font-size: 8.5pt; }
        @media print { body { padding: 0; max-width: none; } figure { width: 86mm; } .charts { gap: 6px 4mm; } }
        """

    /// A horizontal bar chart of one breakdown; hidden cells get a hatched stub and their
    /// marker instead of a bar, so the chart reveals nothing the table does not.
    static func chart(_ breakdown: AnnualReport.Breakdown, role: String?, _ last: PreviousYear?, text: ReportText) -> String {
        let rowHeight = 15
        // Room for the longest label (about 4.7 px a character at 8.5 px), taken from the bars.
        let longest = breakdown.rows.map { text.label($0.code, in: breakdown.dimension).count }.max() ?? 0
        let labelWidth = min(230, max(158, longest * 47 / 10))
        let barWidth = 112 - (labelWidth - 158)
        let height = breakdown.rows.count * rowHeight + 4
        if breakdown.isWithheld {
            return "<figure><figcaption>\(escape(text.dimension(breakdown.dimension)))</figcaption><p class=\"date\">\(escape(text.withheld))</p></figure>\n"
        }
        let largest = breakdown.rows.compactMap { row -> Int? in if case .shown(let value) = row.cell { value } else { nil } }.max() ?? 0
        var svg = "<figure><figcaption>\(escape(text.dimension(breakdown.dimension)))</figcaption>\n"
        // Last year's count (and the change) in grey after this year's.
        let earlier = last.map { ReportText(language: text.language, threshold: $0.threshold) }
        func beside(_ row: AnnualReport.Row) -> String {
            guard let last, let previous = last.cell(role: role, dimension: breakdown.dimension, code: row.code), let earlier else { return "" }
            // No change of 0 in a chart: "(2025: 0)" beside a 0 says it.
            let change = PreviousYear.change(row.cell, previous).flatMap { $0 == 0 ? nil : text.change($0) }
            return "<tspan class=\"last\"> (\(last.year): \(escape(earlier.cell(previous)))\(change.map { ", " + $0 } ?? ""))</tspan>"
        }
        svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(labelWidth + barWidth + (last == nil ? 40 : 110))\" height=\"\(height)\" role=\"img\" aria-label=\"\(escape(text.dimension(breakdown.dimension)))\">\n"
        svg += "<defs><pattern id=\"hatch-\(breakdown.dimension)\" width=\"4\" height=\"4\" patternUnits=\"userSpaceOnUse\"><path d=\"M0,4 L4,0\" stroke=\"#8aa4b1\" stroke-width=\"1\"/></pattern></defs>\n"
        for (index, row) in breakdown.rows.enumerated() {
            let y = index * rowHeight + 2
            svg += "<text x=\"\(labelWidth - 4)\" y=\"\(y + 10)\" text-anchor=\"end\">\(escape(text.label(row.code, in: breakdown.dimension)))</text>\n"
            switch row.cell {
            case .shown(let value):
                let width = largest == 0 ? 0 : max(value == 0 ? 0 : 2, value * barWidth / largest)
                svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 2)\" width=\"\(width)\" height=\"\(rowHeight - 5)\" fill=\"#2f7fa6\"/>\n"
                svg += "<text x=\"\(labelWidth + width + 4)\" y=\"\(y + 10)\">\(value)\(beside(row))</text>\n"
            case .small, .complementary:
                svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 2)\" width=\"10\" height=\"\(rowHeight - 5)\" fill=\"url(#hatch-\(breakdown.dimension))\" stroke=\"#8aa4b1\" stroke-width=\"0.5\"/>\n"
                svg += "<text x=\"\(labelWidth + 14)\" y=\"\(y + 10)\">\(escape(text.cell(row.cell)))\(beside(row))</text>\n"
            }
        }
        return svg + "</svg></figure>\n"
    }

    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
