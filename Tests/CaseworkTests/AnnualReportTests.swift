import Foundation
import Replica
import Testing
@testable import Casework
import Identifiers

/// A fixed register to report on, built through the same edits the commands make.
enum ReportFixture {
    static let today = LocalDate(year: 2026, month: 11, day: 25)

    static func session() -> ChangeSession {
        var next: UInt64 = 0
        return ChangeSession(records: [:], clock: HybridClock(device: DeviceID(rawValue: 1)), wallMilliseconds: 1_000) {
            next += 1
            return RecordID(high: 0, low: next)
        }
    }

    static func date(_ text: String) -> LocalDate { try! LocalDate.parse(text) }

    /// 12 cases for Gemeente Utrecht in 2026 (as Tools/demo.vp), 3 for Kleine Stichting.
    static func book() throws -> Casebook {
        var work = session()
        _ = try work.addOrganisation(name: "Gemeente Utrecht")
        _ = try work.addOrganisation(name: "Kleine Stichting")
        let cases: [(String, Channel, ReporterRole, [Category], OtherParty)] = [
            ("2026-01-12", .phone, .employee, [.bullying], .manager), ("2026-01-26", .phone, .employee, [.bullying], .manager),
            ("2026-02-03", .phone, .employee, [.bullying], .manager), ("2026-02-17", .phone, .employee, [.bullying], .colleague),
            ("2026-03-02", .inPerson, .employee, [.bullying], .colleague), ("2026-03-23", .inPerson, .employee, [.workPressure], .manager),
            ("2026-04-06", .inPerson, .manager, [.workPressure, .integrity], .colleague), ("2026-04-20", .inPerson, .employee, [.workPressure], .manager),
            ("2026-05-11", .video, .employee, [.workPressure], .colleague), ("2026-06-08", .video, .employee, [.discrimination], .clientThirdParty),
            ("2026-06-22", .email, .witness, [.sexualHarassment], .colleague), ("2026-09-14", .phone, .employee, [.bullying], .colleague),
        ]
        for (opened, channel, role, categories, party) in cases {
            _ = try work.openCase(CaseDraft(organisation: "Gemeente Utrecht", opened: date(opened), channel: channel, reporterRole: role,
                                            categories: categories, otherParty: party), today: today)
        }
        try work.tagCase(ref: "2026-001", changes: [TagChange.parse("+referral:company_doctor")])
        try work.tagCase(ref: "2026-006", changes: [TagChange.parse("+referral:company_doctor")])
        try work.tagCase(ref: "2026-007", changes: [TagChange.parse("+referral:hr")])
        try work.setCaseField(ref: "2026-001", field: "formal_step", value: "report_hr", today: today)
        try work.setCaseField(ref: "2026-007", field: "formal_step", value: "none", today: today)
        for (ref, day, minutes) in [("2026-001", "2026-01-12", 60), ("2026-001", "2026-01-30", 45), ("2026-002", "2026-01-26", 50),
                                    ("2026-005", "2026-03-02", 75), ("2026-006", "2026-03-23", 60), ("2026-007", "2026-04-06", 90)] {
            // Issue 14, item 1: five follow-ups and one not recorded, counted per conversation.
            try work.addContact(ref: ref, date: date(day), minutes: minutes, channel: .inPerson,
                                purpose: ref == "2026-007" ? nil : .followUp, summary: nil, today: today)
        }
        try work.addActivity(organisation: "Gemeente Utrecht", kind: .training, date: date("2026-03-10"), hours: 3, audience: 25, topic: "Omgangsvormen op de werkvloer", today: date("2026-12-31"))
        try work.addActivity(organisation: "Gemeente Utrecht", kind: .teamTalk, date: date("2026-09-02"), hours: 1.5, audience: 8, topic: "Werkdruk in het team", today: date("2026-12-31"))
        try work.addSignal(organisation: "Gemeente Utrecht", theme: "work_pressure", text: "Meerdere teams noemen hoge werkdruk.", date: date("2026-10-01"), today: date("2026-12-31"))
        try work.setReportNote(organisation: "Gemeente Utrecht", year: 2026, section: .findability, text: "Goed vindbaar via intranet.")
        try work.setReportNote(organisation: "Gemeente Utrecht", year: 2026, section: .attention, text: "Aandacht voor werkdruk | en leiding.")
        for day in ["2026-02-01", "2026-05-01", "2026-08-01"] {
            _ = try work.openCase(CaseDraft(organisation: "Kleine Stichting", opened: date(day), channel: .phone, categories: [.bullying]), today: today)
        }
        try work.addContact(ref: "2026-013", date: date("2026-02-02"), minutes: 30, channel: .phone, summary: nil, today: today)
        // The year before, for the comparison: 9 cases and one training.
        let earlier: [(String, Channel, ReporterRole, Category, OtherParty)] = [
            ("2025-01-20", .phone, .employee, .bullying, .manager), ("2025-02-10", .phone, .employee, .bullying, .manager),
            ("2025-03-03", .phone, .employee, .bullying, .colleague), ("2025-04-14", .phone, .manager, .bullying, .colleague),
            ("2025-05-19", .inPerson, .employee, .bullying, .manager), ("2025-06-09", .inPerson, .employee, .workPressure, .manager),
            ("2025-09-01", .phone, .employee, .workPressure, .colleague), ("2025-10-06", .inPerson, .manager, .discrimination, .manager),
            ("2025-11-17", .phone, .employee, .discrimination, .colleague),
        ]
        for (opened, channel, role, category, party) in earlier {
            _ = try work.openCase(CaseDraft(organisation: "Gemeente Utrecht", opened: date(opened), channel: channel, reporterRole: role,
                                            categories: [category], otherParty: party), today: today)
        }
        try work.addActivity(organisation: "Gemeente Utrecht", kind: .training, date: date("2025-10-14"), hours: 2, audience: 30, topic: "Wat doet de vertrouwenspersoon?", today: date("2026-12-31"))
        return Casebook(records: work.records)
    }
}

@Suite struct AnnualReportTests {
    static let goldenFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    func report(_ organisation: String, threshold: Int = 5) throws -> AnnualReport {
        let book = try ReportFixture.book()
        return AnnualReport(book: book, organisation: try book.organisation(named: organisation), year: 2026, threshold: threshold)
    }

    @Test func aTinyTotalShowsOnlyThatThereWereFew() throws {
        let tiny = try report("Kleine Stichting")
        #expect(tiny.fewCases && tiny.casesOpened == .small && tiny.breakdowns.isEmpty)
        #expect(tiny.contacts == nil && tiny.supportHours == nil)
        let markdown = MarkdownReport.render(tiny, language: .nl)
        #expect(markdown.contains("minimaal beroep") && !markdown.contains("| Onderwerp"))
        let json = ReportFigures.json(tiny, language: .en).rendered()
        #expect(json.contains("\"few_cases\": true") && json.contains("\"breakdowns\": {}"))
        #expect(!json.contains("\"count\": 3"))
    }

    @Test func breakdownsHideSmallCountsAndTheirComplements() throws {
        let full = try report("Gemeente Utrecht")
        #expect(full.casesOpened == .shown(12) && full.contacts == .shown(6) && full.supportHours == 6.5)
        let roles = try #require(full.breakdowns.first { $0.dimension == "reporter_role" })
        // employee 10, manager 1, witness 1: the two small ones would be pinned to 1 by the
        // total, and hiding the 10 too would say the same to a reader who knows why it was hidden.
        #expect(roles.isWithheld)
        // channel: phone 5, in person 4, video 2, email 1: three small ones share 7, none pinned.
        let channels = try #require(full.breakdowns.first { $0.dimension == "channel" })
        #expect(channels.rows.map(\.cell) == [.small, .shown(5), .small, .small, .shown(0)])
        for breakdown in full.breakdowns {
            for row in breakdown.rows {
                if case .shown(let value) = row.cell { #expect(!(1..<5).contains(value), "\(breakdown.dimension).\(row.code)") }
            }
        }
        let stricter = try report("Gemeente Utrecht", threshold: 7)
        #expect(stricter.breakdowns.first { $0.dimension == "category" }?.rows.first?.cell == .small)  // bullying: 6
    }

    @Test func jsonAndCSVNeverCarryASuppressedNumber() throws {
        let full = try report("Gemeente Utrecht")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(ReportFigures.json(full, language: .nl).rendered().utf8)) as? [String: Any])
        let breakdowns = try #require(json["breakdowns"] as? [String: Any])
        // A withheld breakdown is null: no codes, no counts.
        #expect(breakdowns["purpose"] is NSNull)
        var hiddenSeen = 0
        for rows in breakdowns.values.compactMap({ $0 as? [[String: Any]] }) {
            for row in rows {
                if row["hidden"] is String {
                    hiddenSeen += 1
                    #expect(row["count"] is NSNull)
                } else {
                    let count = try #require(row["count"] as? Int)
                    #expect(!(1..<5).contains(count))
                }
            }
        }
        #expect(hiddenSeen > 0)
        // Columns 4 and 5: count, hidden; 6 and 7: last year's. The fixture's texts have no commas.
        var hiddenInCSV = 0
        for line in ReportFigures.csv(full, language: .en).split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            for (count, hidden) in [(4, 5), (6, 7)] where fields[hidden] == "small" || fields[hidden] == "complementary" {
                hiddenInCSV += 1
                #expect(fields[count].isEmpty, "\(line)")
            }
        }
        #expect(hiddenInCSV > 0)
    }

    @Test func randomRegistersNeverPublishASmallNumber() throws {
        var random = SplitMix(seed: UInt64.random(in: 0...UInt64(UInt32.max)))
        let seed = random.seed
        for _ in 0..<60 {
            var work = ReportFixture.session()
            _ = try work.addOrganisation(name: "Org")
            for _ in 0..<Int.random(in: 0...30, using: &random) {
                let draft = CaseDraft(
                    organisation: "Org", opened: LocalDate(year: 2026, month: Int.random(in: 1...12, using: &random), day: 1),
                    channel: Bool.random(using: &random) ? Channel.allCases.randomElement(using: &random) : nil,
                    reporterRole: ReporterRole.allCases.randomElement(using: &random),
                    categories: Array(Category.allCases.shuffled(using: &random).prefix(Int.random(in: 0...2, using: &random))),
                    otherParty: OtherParty.allCases.randomElement(using: &random))
                _ = try work.openCase(draft, today: LocalDate(year: 2026, month: 12, day: 31))
            }
            let book = Casebook(records: work.records)
            let threshold = Int.random(in: 3...6, using: &random)
            let report = AnnualReport(book: book, organisation: try book.organisation(named: "Org"), year: 2026, threshold: threshold)
            if case .shown(let total) = report.casesOpened { #expect(total == 0 || total >= threshold, "seed \(seed)") }
            for breakdown in report.breakdowns {
                // Only where the cells add up to the total: a set field (category, referral) has none.
                let hidden = breakdown.rows.filter(\.cell.isHidden).count
                #expect(hidden != 1 || ["category", "referral"].contains(breakdown.dimension), "seed \(seed): lone hidden cell in \(breakdown.dimension)")
                for row in breakdown.rows {
                    if case .shown(let value) = row.cell { #expect(!(1..<threshold).contains(value), "seed \(seed)") }
                }
            }
        }
    }

    /// Every format in both languages, as a board receives it: who wrote it, when, and 2025 beside 2026.
    @Test(arguments: [Language.nl, .en])
    func everyFormatMatchesTheGoldenFiles(language: Language) throws {
        let book = try ReportFixture.book()
        let authorship = ReportAuthorship(counsellor: "Anna de Vries", contact: "06-12345678, a.devries@example.nl", written: "2026-12-15")
        let utrecht = try book.organisation(named: "Gemeente Utrecht")
        var full = book.currentReport(of: utrecht, year: 2026, threshold: 5, authorship: authorship)
        // As if 2025 had been finalised: the comparison is only with a finalised year.
        #expect(full.previous == nil)
        full.previous = PreviousYear(AnnualReport(book: book, organisation: utrecht, year: 2025, threshold: 5))
        let name = "report-\(language.rawValue)"
        let outputs = [
            "\(name).md": MarkdownReport.render(full, language: language),
            "\(name).html": HTMLReport.render(full, language: language),
            "\(name).csv": ReportFigures.csv(full, language: language),
            "\(name)-dutch-spreadsheet.csv": ReportFigures.csv(full, language: language, dialect: .dutch),
            "\(name).json": ReportFigures.json(full, language: language).rendered(),
        ]
        for (name, text) in outputs {
            let file = Self.goldenFolder.appendingPathComponent(name)
            if ProcessInfo.processInfo.environment["VP_WRITE_GOLDEN"] == "1" { try Data(text.utf8).write(to: file) }
            // Bytes, not text: the Dutch-dialect CSV starts with a byte order mark.
            #expect(Data(text.utf8) == (try Data(contentsOf: file)), "\(name) differs; if intended, rerun with VP_WRITE_GOLDEN=1 and review the diff")
        }
    }

    @Test func htmlIsSelfContained() throws {
        let html = HTMLReport.render(try report("Gemeente Utrecht"), language: .nl)
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("<svg") && html.contains("@page { size: A4"))
        #expect(!html.contains("http://") || html.components(separatedBy: "http://").dropFirst().allSatisfy { $0.hasPrefix("www.w3.org/2000/svg") })
        #expect(!html.contains("https://") && !html.contains("<script") && !html.contains("src="))
        #expect(html.contains("Aandacht voor werkdruk | en leiding."))
    }
}
