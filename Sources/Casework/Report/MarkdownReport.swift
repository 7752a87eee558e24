/// The annual report as Markdown, for mail or further editing.
public enum MarkdownReport {
    public static func render(_ report: AnnualReport, language: Language) -> String {
        let text = ReportText(language: language, threshold: report.threshold)
        let last = report.previous
        var out = "# \(text.title) \(report.year): \(DisplayText.line(report.organisation))\n\n"
        for line in text.about(report) { out += "- \(line.label): \(escape(line.value))\n" }
        out += "\n\(DisplayText.block(text.intro(report)))\n\n"
        if let comparison = text.comparison(report) { out += comparison + "\n\n" }
        out += "## \(text.casesHeading)\n\n"
        /// A total with last year's beside it.
        func total(_ label: String, _ cell: Suppression.Cell, _ previous: Suppression.Cell?) -> String {
            let beside = last.flatMap { text.previous(cell, previous, of: $0) }.map { " (\($0))" } ?? ""
            return "\(label): \(text.cell(cell))\(beside)"
        }
        if report.fewCases {
            out += text.fewCases(report) + "\n\n"
            if let last { out += "\(text.casesOpened) \(last.year): \(ReportText(language: language, threshold: last.threshold).cell(last.casesOpened))\n\n" }
        } else {
            out += total(text.casesOpened, report.casesOpened, last?.casesOpened) + "\n\n"
            for part in report.roleParts {
                out += "### \(text.roleHeading(part.role))\n\n"
                out += total(text.casesOpened, part.casesOpened, last?.cell(role: part.role, dimension: nil, code: "")) + "\n\n"
                for breakdown in part.breakdowns { out += table(breakdown, year: report.year, role: part.role, last, text) }
            }
            for breakdown in report.breakdowns { out += table(breakdown, year: report.year, role: nil, last, text) }
        }
        out += "## \(text.workHeading)\n\n"
        /// A figure that is never hidden, with last year's beside it.
        func figure(_ label: String, _ value: String, _ previous: String?) -> String {
            "- \(label): \(value)" + (last.flatMap { last in previous.map { " (\(last.year): \($0))" } } ?? "") + "\n"
        }
        if let contacts = report.contacts {
            out += "- " + total(text.contacts, contacts, last?.contacts) + "\n"
            out += figure(text.supportHours, report.supportHours.map(text.hours) ?? text.cell(.complementary), last?.supportHours.map(text.hours))
        }
        out += figure(text.activityHours, text.hours(report.activityHours), last.map { text.hours($0.activityHours) })
        out += figure(text.audience, String(report.audience), last.map { String($0.audience) }) + "\n"
        out += "## \(text.activitiesHeading)\n\n"
        if report.activities.isEmpty {
            out += text.noActivities + "\n\n"
        } else {
            let c = text.columns
            out += "| \(c.date) | \(c.kind) | \(c.hours) | \(c.audience) | \(c.topic) |\n|---|---|---:|---:|---|\n"
            for line in report.activities {
                out += "| \(line.date) | \(text.activityKind(line.kind)) | \(text.hours(line.hours)) | \(line.audience.map(String.init) ?? "") | \(escape(line.topic ?? "")) |\n"
            }
            out += "\n"
        }
        out += "## \(text.signalsHeading)\n\n"
        if report.signals.isEmpty {
            out += text.noSignals + "\n\n"
        } else {
            for signal in report.signals { out += "- **\(text.theme(signal.theme))** (\(signal.date)): \(escape(signal.text))\n" }
            out += "\n"
        }
        for (section, body) in report.narrative {
            out += "## \(section.label(language))\n\n\(DisplayText.block(body))\n\n"
        }
        return out
    }

    /// One breakdown as a table; with last year's report, its column and the change beside.
    static func table(_ breakdown: AnnualReport.Breakdown, year: Int, role: String?, _ last: PreviousYear?, _ text: ReportText) -> String {
        guard !breakdown.isWithheld else { return "**\(text.dimension(breakdown.dimension))**: \(text.withheld)\n\n" }
        guard let last else {
            var out = "| \(text.dimension(breakdown.dimension)) | \(text.count) |\n|---|---:|\n"
            for row in breakdown.rows { out += "| \(text.label(row.code, in: breakdown.dimension)) | \(text.cell(row.cell)) |\n" }
            return out + "\n"
        }
        let earlier = ReportText(language: text.language, threshold: last.threshold)
        var out = "| \(text.dimension(breakdown.dimension)) | \(year) | \(last.year) | \(text.change) |\n|---|---:|---:|---:|\n"
        for row in breakdown.rows {
            let previous = last.cell(role: role, dimension: breakdown.dimension, code: row.code)
            out += "| \(text.label(row.code, in: breakdown.dimension)) | \(text.cell(row.cell)) | \(previous.map(earlier.cell) ?? "") | \(text.change(PreviousYear.change(row.cell, previous))) |\n"
        }
        return out + "\n"
    }

    /// Keeps table cells on one line and their pipes literal, with nothing that steers a terminal.
    static func escape(_ text: String) -> String {
        DisplayText.line(text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " "))
    }
}
