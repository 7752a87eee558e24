import Foundation

/// An annual report as it was when it was finalised, as canonical JSON (sorted keys): what
/// a `finalised_report` record keeps, so the figures and narrative of a finalised year
/// never change, whatever later happens to its cases (Protocol/records.md).
public enum FrozenReport {
    public static func encode(_ report: AnnualReport) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Every value is a string, number or list of them: encoding cannot fail.
        return String(decoding: (try? encoder.encode(Stored(report))) ?? Data(), as: UTF8.self)
    }

    /// nil when the text is not a frozen report (damaged, or from a newer version).
    public static func decode(_ text: String) -> AnnualReport? {
        (try? JSONDecoder().decode(Stored.self, from: Data(text.utf8)))?.report
    }

    private struct Stored: Codable {
        struct Row: Codable { let code: String; let cell: String }
        struct Breakdown: Codable { let dimension: String; let rows: [Row] }
        struct Activity: Codable { let date: String; let kind: String; let hours: Double; let audience: Int64?; let topic: String? }
        struct Signal: Codable { let date: String; let theme: String; let text: String }
        struct Section: Codable { let section: String; let text: String }
        struct RolePart: Codable { let role: String; let casesOpened: String; let breakdowns: [Breakdown] }
        struct Previous: Codable {
            let year: Int
            let threshold: Int
            let casesOpened: String
            let breakdowns: [Breakdown]
            let roleParts: [RolePart]?
            let contacts: String?
            let supportHours: Double?
            let activityHours: Double
            let audience: Int64
        }

        let version: Int
        let organisation: String
        let year: Int
        let threshold: Int
        let casesOpened: String
        let breakdowns: [Breakdown]
        let contacts: String?
        let supportHours: Double?
        let activityHours: Double
        let activities: [Activity]
        let signals: [Signal]
        let narrative: [Section]
        /// Absent unless the year was split by role (so reports frozen before read the same).
        let roleParts: [RolePart]?
        // Absent in reports frozen before they carried them.
        let counsellor: String?
        let contact: String?
        let written: String?
        let previous: Previous?

        init(_ report: AnnualReport) {
            version = 1
            organisation = report.organisation
            year = report.year
            threshold = report.threshold
            casesOpened = Self.text(report.casesOpened)
            breakdowns = report.breakdowns.map(Self.stored)
            roleParts = Self.stored(report.roleParts)
            counsellor = report.authorship.counsellor
            contact = report.authorship.contact
            written = report.authorship.written
            previous = report.previous.map { last in
                Previous(year: last.year, threshold: last.threshold, casesOpened: Self.text(last.casesOpened), breakdowns: last.breakdowns.map(Self.stored),
                         roleParts: Self.stored(last.roleParts), contacts: last.contacts.map(Self.text), supportHours: last.supportHours,
                         activityHours: last.activityHours, audience: last.audience)
            }
            contacts = report.contacts.map(Self.text)
            supportHours = report.supportHours
            activityHours = report.activityHours
            activities = report.activities.map { Activity(date: $0.date, kind: $0.kind, hours: $0.hours, audience: $0.audience, topic: $0.topic) }
            signals = report.signals.map { Signal(date: $0.date, theme: $0.theme, text: $0.text) }
            narrative = report.narrative.map { Section(section: $0.section.code, text: $0.text) }
        }

        var report: AnnualReport? {
            guard version == 1, let opened = Self.cell(casesOpened) else { return nil }
            guard let rows = Self.read(breakdowns), let parts = Self.read(roleParts) else { return nil }
            var last: PreviousYear?
            if let previous {
                guard let opened = Self.cell(previous.casesOpened), let rows = Self.read(previous.breakdowns), let parts = Self.read(previous.roleParts) else {
                    return nil
                }
                last = PreviousYear(year: previous.year, threshold: previous.threshold, casesOpened: opened, breakdowns: rows, roleParts: parts,
                                    contacts: previous.contacts.flatMap(Self.cell), supportHours: previous.supportHours,
                                    activityHours: previous.activityHours, audience: previous.audience)
            }
            let sections = narrative.compactMap { part in ReportSection(rawValue: part.section).map { (section: $0, text: part.text) } }
            guard sections.count == narrative.count else { return nil }
            return AnnualReport(
                organisation: organisation, year: year, threshold: threshold, casesOpened: opened, breakdowns: rows,
                contacts: contacts.flatMap(Self.cell), supportHours: supportHours, activityHours: activityHours,
                activities: activities.map { AnnualReport.ActivityLine(date: $0.date, kind: $0.kind, hours: $0.hours, audience: $0.audience, topic: $0.topic) },
                signals: signals.map { AnnualReport.SignalLine(date: $0.date, theme: $0.theme, text: $0.text) },
                narrative: sections, roleParts: parts, authorship: ReportAuthorship(counsellor: counsellor, contact: contact, written: written),
                previous: last)
        }

        static func stored(_ parts: [AnnualReport.RolePart]) -> [RolePart]? {
            parts.isEmpty ? nil : parts.map { RolePart(role: $0.role, casesOpened: text($0.casesOpened), breakdowns: $0.breakdowns.map(stored)) }
        }

        static func read(_ stored: [RolePart]?) -> [AnnualReport.RolePart]? {
            var parts: [AnnualReport.RolePart] = []
            for part in stored ?? [] {
                guard let cell = cell(part.casesOpened), let rows = read(part.breakdowns) else { return nil }
                parts.append(AnnualReport.RolePart(role: part.role, casesOpened: cell, breakdowns: rows))
            }
            return parts
        }

        static func stored(_ breakdown: AnnualReport.Breakdown) -> Breakdown {
            Breakdown(dimension: breakdown.dimension, rows: breakdown.rows.map { Row(code: $0.code, cell: text($0.cell)) })
        }

        /// nil when a cell is not one this version writes.
        static func read(_ stored: [Breakdown]) -> [AnnualReport.Breakdown]? {
            var read: [AnnualReport.Breakdown] = []
            for breakdown in stored {
                let cells = breakdown.rows.compactMap { row in cell(row.cell).map { AnnualReport.Row(code: row.code, cell: $0) } }
                guard cells.count == breakdown.rows.count else { return nil }
                read.append(AnnualReport.Breakdown(dimension: breakdown.dimension, rows: cells))
            }
            return read
        }

        static func text(_ cell: Suppression.Cell) -> String {
            switch cell {
            case .shown(let count): String(count)
            case .small: "small"
            case .complementary: "complementary"
            }
        }

        static func cell(_ text: String) -> Suppression.Cell? {
            switch text {
            case "small": .small
            case "complementary": .complementary
            default: Int(text).map(Suppression.Cell.shown)
            }
        }
    }
}
