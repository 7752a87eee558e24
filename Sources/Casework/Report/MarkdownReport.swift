/// The annual report as Markdown, for mail or further editing.
public enum MarkdownReport {
    public static func render(_ report: AnnualReport, language: Language) -> String {
        let text = ReportText(language: language, threshold: report.threshold)
        var out = "# \(text.title) \(report.year): \(DisplayText.line(report.organisation))\n\n\(DisplayText.block(text.intro(report)))\n\n"
        out += "## \(text.casesHeading)\n\n"
        if report.fewCases {
            out += text.fewCases(report) + "\n\n"
        } else {
            out += "\(text.casesOpened): \(text.cell(report.casesOpened))\n\n"
            for part in report.roleParts {
                out += "### \(text.roleHeading(part.role))\n\n\(text.casesOpened): \(text.cell(part.casesOpened))\n\n"
                for breakdown in part.breakdowns { out += table(breakdown, text) }
            }
            for breakdown in report.breakdowns { out += table(breakdown, text) }
        }
        out += "## \(text.workHeading)\n\n"
        if let contacts = report.contacts, let hours = report.supportHours {
            out += "- \(text.contacts): \(text.cell(contacts))\n- \(text.supportHours): \(text.hours(hours))\n"
        }
        out += "- \(text.activityHours): \(text.hours(report.activityHours))\n- \(text.audience): \(report.audience)\n\n"
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

    static func table(_ breakdown: AnnualReport.Breakdown, _ text: ReportText) -> String {
        guard !breakdown.isWithheld else { return "**\(text.dimension(breakdown.dimension))**: \(text.withheld)\n\n" }
        var out = "| \(text.dimension(breakdown.dimension)) | \(text.count) |\n|---|---:|\n"
        for row in breakdown.rows { out += "| \(text.label(row.code, in: breakdown.dimension)) | \(text.cell(row.cell)) |\n" }
        return out + "\n"
    }

    /// Keeps table cells on one line and their pipes literal, with nothing that steers a terminal.
    static func escape(_ text: String) -> String {
        DisplayText.line(text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " "))
    }
}
