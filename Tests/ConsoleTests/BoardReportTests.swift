import Foundation
import Casework
import Spreadsheet
import Testing

/// Issue 14, item 5: what a board receives — who wrote the report and how to reach them, the
/// period and the day it was written, last year beside this year, page numbers in print,
/// and a CSV with every line of the report.
@Suite struct BoardReportTests {
    /// Acme with 8 cases in 2025 (finalised) and 9 in 2026, a profile, an activity, a signal
    /// and a narrative in 2026.
    func twoYears() async -> TestHome {
        let home = TestHome()
        await home.run("org", "add", "Acme")
        for day in 1...8 {
            // The first case of each year has two subjects, so the subjects add up to nothing.
            await home.run(["case", "open", "--org", "Acme", "--date", String(format: "2025-05-%02d", day), "--category", day <= 6 ? "bullying" : "work_pressure"]
                           + (day == 1 ? ["--category", "work_pressure"] : []))
        }
        for day in 1...9 {
            await home.run(["case", "open", "--org", "Acme", "--date", String(format: "2026-02-%02d", day), "--category", day <= 5 ? "bullying" : "work_pressure"]
                           + (day == 1 ? ["--category", "work_pressure"] : []))
        }
        await home.run("activity", "add", "--org", "Acme", "--kind", "training", "--date", "2026-03-10", "--hours", "2,5", "--audience", "20", "--topic", "Omgangsvormen")
        await home.run("signal", "add", "--org", "Acme", "--theme", "work_pressure", "--text", "Veel werkdruk in de zomer.", "--date", "2026-03-01")
        await home.run("report", "note", "--org", "Acme", "--year", "2026", "--section", "trends", "--text", "Meer meldingen dan vorig jaar.")
        return home
    }

    @Test func theReportSaysWhoWroteItWhenAndForWhichPeriod() async throws {
        let home = await twoYears()
        let set = await home.run("profile", "--name", "Anna de Vries", "--contact", "06-12345678, anna@example.nl")
        #expect(set.status == 0 && set.output.contains("Anna de Vries"), "\(set.errors)")
        let shown = try await home.json("profile") as? [String: Any]
        #expect(shown?["name"] as? String == "Anna de Vries" && shown?["contact"] as? String == "06-12345678, anna@example.nl")

        let report = await home.run("report", "--org", "Acme", "--year", "2026")
        #expect(report.output.contains("- Periode: 1 januari t/m 31 december 2026\n- Vertrouwenspersoon: Anna de Vries\n- Bereikbaar via: 06-12345678, anna@example.nl\n- Opgesteld op: 14 maart 2026\n"), "\(report.output)")
        let english = await home.run("report", "--org", "Acme", "--year", "2026", "--lang", "en")
        #expect(english.output.contains("- Period: 1 January to 31 December 2026\n- Confidential counsellor: Anna de Vries\n"), "\(english.output)")
        let html = await home.run("report", "--org", "Acme", "--year", "2026", "--format", "html").output
        #expect(html.contains("<dt>Vertrouwenspersoon</dt><dd>Anna de Vries</dd>") && html.contains("\"Pagina \" counter(page) \" van \" counter(pages)"))

        // A contact can be cleared; a name cannot be empty.
        #expect(await home.run("profile", "--contact", "").status == 0)
        #expect(!(await home.run("report", "--org", "Acme", "--year", "2026")).output.contains("Bereikbaar via"))
        let empty = await home.run("profile", "--name", " ")
        #expect(empty.status == 65 && empty.errors.split(separator: "\n").count == 1, "\(empty.errors)")
    }

    @Test func lastYearStandsBesideThisYearAsItsFinalisedReportGaveIt() async throws {
        let home = await twoYears()
        #expect(await home.run("report", "finalize", "--org", "Acme", "--year", "2025").status == 0)
        // A case of 2025 recorded late changes nothing in the comparison: 2025 was finalised with 8.
        await home.run("case", "open", "--org", "Acme", "--date", "2025-06-01", "--category", "bullying")
        let report = await home.run("report", "--org", "Acme", "--year", "2026").output
        #expect(report.contains("Nieuwe meldingen: 9 (2025: 8, +1)"), "\(report)")
        #expect(report.contains("| Onderwerp | 2026 | 2025 | Verschil |\n|---|---:|---:|---:|\n| pesten | 5 | 6 | −1 |\n"), "\(report)")
        // Beside a hidden count of either year no change is given.
        #expect(report.contains("| werkdruk | 5 | < 5 |  |\n"), "\(report)")
        #expect(report.contains("Ter vergelijking staan de cijfers van 2025 ernaast"))
        #expect(report.contains("- Bereikt met voorlichting en preventie (personen): 20 (2025: 0)"), "\(report)")

        let json = try #require(try await home.json("report", "--org", "Acme", "--year", "2026", "--format", "json") as? [String: Any])
        let previous = try #require(json["previous_year"] as? [String: Any])
        #expect(previous["year"] as? Int == 2025 && (previous["cases_opened"] as? [String: Any])?["count"] as? Int == 8)
        #expect((json["period"] as? [String: Any])?["from"] as? String == "2026-01-01")

        // Finalising 2026 freezes its comparison too.
        #expect(await home.run("report", "finalize", "--org", "Acme", "--year", "2026").status == 0)
        await home.run("case", "open", "--org", "Acme", "--date", "2025-07-01", "--category", "bullying")
        #expect(await home.run("report", "--org", "Acme", "--year", "2026").output == report)
    }

    /// Figures recomputed now could differ from the report handed out (a case entered
    /// late, another threshold), and side by side the two could pin a hidden cell.
    @Test func aYearNotFinalisedIsNotComparedWith() async throws {
        let home = await twoYears()
        let report = await home.run("report", "--org", "Acme", "--year", "2026")
        #expect(report.output.contains("Nieuwe meldingen: 9\n") && !report.output.contains("(2025:"), "\(report.output)")
        #expect(report.errors.contains("2025 is niet vastgesteld, dus staat er geen vergelijking in"), "\(report.errors)")
    }

    /// Two conversations of 60 and 45 minutes: "< 5" conversations beside "2 hours" would
    /// narrow the hidden number down, so the hours are hidden with it.
    @Test func theHoursOfAHiddenNumberOfConversationsAreHiddenToo() async throws {
        let home = await twoYears()
        await home.run("contact", "add", "2026-001", "--date", "2026-02-02", "--minutes", "60", "--channel", "phone")
        await home.run("contact", "add", "2026-002", "--date", "2026-02-03", "--minutes", "45", "--channel", "phone")
        let report = await home.run("report", "--org", "Acme", "--year", "2026").output
        #expect(report.contains("- Gesprekken: < 5\n- Uren opvang en begeleiding: x\n"), "\(report)")
        let json = try #require(try await home.json("report", "--org", "Acme", "--year", "2026", "--format", "json") as? [String: Any])
        #expect(json["support_hours"] is NSNull)
        #expect(!(await home.run("report", "--org", "Acme", "--year", "2026", "--format", "csv")).output.contains("support_hours"))
    }

    @Test func aFirstYearHasNoComparison() async throws {
        let home = TestHome()
        await home.run("org", "add", "Acme")
        for day in 1...6 { await home.run("case", "open", "--org", "Acme", "--date", String(format: "2026-02-%02d", day)) }
        let report = await home.run("report", "--org", "Acme", "--year", "2026").output
        #expect(report.contains("Nieuwe meldingen: 6\n") && !report.contains("2025"), "\(report)")
    }

    @Test func theCSVCarriesEveryLineOfTheReport() async throws {
        let home = await twoYears()
        await home.run("profile", "--name", "Anna de Vries")
        #expect(await home.run("report", "finalize", "--org", "Acme", "--year", "2025").status == 0)
        let csv = await home.run("report", "--org", "Acme", "--year", "2026", "--format", "csv").output
        let lines = csv.split(separator: "\n").map(String.init)
        #expect(lines.contains("report,about,counsellor,Vertrouwenspersoon,,,,,,Anna de Vries"), "\(csv)")
        #expect(lines.contains("report,about,period,Periode,,,,,2026-01-01,2026-12-31"), "\(csv)")
        #expect(lines.contains("cases,total,cases_opened,Nieuwe meldingen,9,,8,,,"), "\(csv)")
        // An activity's code is its kind; its day has a column of its own.
        #expect(lines.contains("activities,hours,training,training,2.5,,,,2026-03-10,Omgangsvormen"), "\(csv)")
        #expect(lines.contains("activities,audience,training,training,20,,,,2026-03-10,Omgangsvormen"), "\(csv)")
        #expect(lines.contains("signals,theme,work_pressure,werkdruk,,,,,2026-03-01,Veel werkdruk in de zomer."), "\(csv)")
        #expect(lines.contains("narrative,section,trends,Trends en signalen,,,,,,Meer meldingen dan vorig jaar."), "\(csv)")
    }

    /// The same rows as the CSV, in a workbook: numbers as numbers, for Excel as it is.
    @Test func anXLSXWorkbookHoldsTheCSVsRows() async throws {
        let home = await twoYears()
        let file = home.folder.appendingPathComponent("jaarverslag.xlsx")
        let written = await home.run("report", "--org", "Acme", "--year", "2026", "--format", "xlsx", "-o", file.path)
        #expect(written.status == 0, "\(written.errors)")
        let sheet = try XLSXSheet(try Data(contentsOf: file))
        let csv = await home.run("report", "--org", "Acme", "--year", "2026", "--format", "csv").output
        let table = try ImportTable.csv(csv)
        let cells = sheet.rows.map { $0.cells + Array(repeating: "", count: table.header.count - $0.cells.count) }
        #expect(cells == [table.header] + table.rows.map(\.fields), "\(sheet.rows)")
        #expect(await home.run("report", "--org", "Acme", "--year", "2026", "--format", "xlsx").status == 64)
        let hours = home.folder.appendingPathComponent("uren.xlsx")
        #expect(await home.run("hours", "--year", "2026", "--format", "xlsx", "-o", hours.path).status == 0)
        #expect(try XLSXSheet(try Data(contentsOf: hours)).rows.first?.cells.first == "organisation")
    }

    /// Chromium is installed by Tools/dependencies.sh --chromium (Tools/test.sh): this test
    /// runs in CI, never skipped.
    @Test func aPDFIsPrintedByChromiumAndWithoutItTheSentenceSaysWhatToDo() async throws {
        let home = await twoYears()
        home.environment["PATH"] = "/usr/local/bin:/usr/bin:/bin"
        let file = home.folder.appendingPathComponent("jaarverslag.pdf")
        let printed = await home.run("report", "--org", "Acme", "--year", "2026", "--format", "pdf", "-o", file.path)
        #expect(printed.status == 0, "\(printed.errors)")
        let bytes = try Data(contentsOf: file)
        #expect(bytes.starts(with: Data("%PDF".utf8)) && bytes.count > 10_000)
        // Not to standard output: a PDF is no text.
        #expect(await home.run("report", "--org", "Acme", "--year", "2026", "--format", "pdf").status == 64)

        home.environment["PATH"] = home.folder.path
        let missing = home.folder.appendingPathComponent("missing.pdf")
        let refused = await home.run("report", "--org", "Acme", "--year", "2026", "--format", "pdf", "-o", missing.path)
        #expect(refused.status == 69 && refused.errors.contains("Chromium, which was not found; install it"), "\(refused.errors)")
        #expect(!FileManager.default.fileExists(atPath: missing.path))
    }
}
