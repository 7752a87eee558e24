import Foundation
import Testing
@testable import Console

@Suite struct ReportCommandTests {
    func homeWithCases(_ count: Int) async -> TestHome {
        let home = TestHome()
        await home.run("org", "add", "Acme")
        for day in 1...count {
            await home.run("case", "open", "--org", "Acme", "--date", String(format: "2026-03-%02d", day), "--category", day % 2 == 0 ? "bullying" : "work_pressure")
        }
        return home
    }

    @Test func everyFormatFromOneCommandInBothLanguages() async throws {
        let home = await homeWithCases(9)
        #expect(await home.run("report", "note", "--org", "Acme", "--year", "2026", "--section", "trends", "--text", "Meer werkdruk dan vorig jaar.").status == 0)
        let markdown = await home.run("report", "--org", "Acme", "--year", "2026")
        #expect(markdown.status == 0 && markdown.output.hasPrefix("# Jaarverslag vertrouwenspersoon 2026: Acme"))
        #expect(markdown.output.contains("## Trends en signalen\n\nMeer werkdruk dan vorig jaar."))
        let english = await home.run("report", "--org", "Acme", "--year", "2026", "--lang", "en", "--format", "html")
        #expect(english.output.contains("<html lang=\"en\">") && english.output.contains("Trends and signals"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(await home.run("report", "--org", "Acme", "--year", "2026", "--format", "json").output.utf8)) as? [String: Any])
        #expect((json["cases_opened"] as? [String: Any])?["count"] as? Int == 9)
        let csv = await home.run("report", "--org", "Acme", "--year", "2026", "--format", "csv").output
        #expect(csv.hasPrefix("section,dimension,code,label,count,hidden,previous_count,previous_hidden,date,text\n"), "\(csv)")
        // One subject per case: 4 and 5 add up to the 9 cases, so the 5 would give the 4 away.
        #expect(csv.contains("cases,category,bullying,pesten,,small,") && csv.contains("cases,category,work_pressure,werkdruk,,complementary,"), "\(csv)")
        // With a case of two subjects the rows add up to nothing a reader knows: the 5 is shown.
        #expect(await home.run("case", "tag", "2026-002", "+work_pressure").status == 0)
        let several = await home.run("report", "--org", "Acme", "--year", "2026", "--format", "csv").output
        #expect(several.contains("cases,category,bullying,pesten,,small,") && several.contains("cases,category,work_pressure,werkdruk,6,,"), "\(several)")
    }

    /// Issue 14, item 5: a CSV Dutch spreadsheet programs open as it is.
    @Test func aDutchSpreadsheetCSV() async throws {
        let home = await homeWithCases(6)
        #expect(await home.run("activity", "add", "--org", "Acme", "--kind", "training", "--date", "2026-03-10", "--hours", "2,5", "--topic", "Werkdruk; en omgang").status == 0)
        let csv = await home.run("report", "--org", "Acme", "--year", "2026", "--format", "csv-nl").output
        #expect(csv.hasPrefix("\u{FEFF}section;dimension;code;label;count;hidden;previous_count;previous_hidden;date;text\n"), "\(csv)")
        #expect(csv.contains(";2,5;") && csv.contains("\"Werkdruk; en omgang\"") && csv.contains("cases;total;cases_opened;"), "\(csv)")
    }

    /// Issue 14, item 5: the reports of all organisations at once, one file each.
    @Test func everyOrganisationsReportAtOnce() async throws {
        let home = await homeWithCases(6)
        #expect(await home.run("org", "add", "Bakkerij Noord & Zn").status == 0)
        let folder = home.folder.appendingPathComponent("verslagen")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let all = await home.run("report", "--all", "--year", "2026", "--format", "html", "-o", folder.path)
        #expect(all.status == 0, "\(all.errors)")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(files == ["jaarverslag-2026-acme.html", "jaarverslag-2026-bakkerij-noord-zn.html"], "\(files)")
        let single = await home.run("report", "--org", "Acme", "--year", "2026", "--format", "html").output
        #expect(try String(contentsOf: folder.appendingPathComponent(files[0]), encoding: .utf8) == single)
        #expect(await home.run("report", "--all", "--year", "2026").status == ExitStatus.usage.rawValue)  // no folder
        let noOrg = await home.run("report", "--year", "2026")
        #expect(noOrg.status == ExitStatus.usage.rawValue && noOrg.errors.contains("--org"), "\(noOrg.errors)")
    }

    @Test func thresholdBelowThreeIsRefusedAndAboveIsHonoured() async throws {
        let home = await homeWithCases(9)
        let refused = await home.run("report", "--org", "Acme", "--year", "2026", "--threshold", "2")
        // Issue 12, item 11: a value out of range is bad input (65), as the README says (before: 64).
        #expect(refused.status == Console.ExitStatus.invalidInput.rawValue && refused.errors.contains("at least 3"))
        #expect(await home.run("report", "--org", "Acme", "--year", "0").status == Console.ExitStatus.invalidInput.rawValue)
        #expect(await home.run("unlock", "--for", "25h").status == Console.ExitStatus.invalidInput.rawValue)
        #expect(await home.run("hours", "--year", "0").status == Console.ExitStatus.invalidInput.rawValue)
        let strict = await home.run("report", "--org", "Acme", "--year", "2026", "--threshold", "10", "--format", "json")
        #expect(strict.output.contains("\"few_cases\": true"))
    }

    @Test func writesTheFileWholeAndPrivate() async throws {
        let home = await homeWithCases(6)
        let file = home.folder.appendingPathComponent("jaarverslag.html")
        #expect(await home.run("report", "--org", "Acme", "--year", "2026", "--format", "html", "-o", file.path).status == 0)
        let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(try String(contentsOf: file, encoding: .utf8).hasSuffix("</html>\n"))
        #expect(await home.run("report", "--org", "Acme", "--year", "2026", "-o", "/nonexistent/dir/x.md").status == Console.ExitStatus.storage.rawValue)
    }

    @Test func notesAreRecordsThatCanBeRewritten() async throws {
        let home = await homeWithCases(1)
        await home.run("report", "note", "--org", "Acme", "--year", "2026", "--section", "route", "--text", "Eerste versie.")
        await home.run("report", "note", "--org", "Acme", "--year", "2026", "--section", "route", "--text", "Tweede versie.")
        let output = await home.run("report", "--org", "Acme", "--year", "2026").output
        #expect(output.contains("Tweede versie.") && !output.contains("Eerste versie."))
        #expect(await home.run("report", "note", "--org", "Acme", "--year", "2026", "--section", "gossip", "--text", "x").status == Console.ExitStatus.invalidInput.rawValue)
        #expect(await home.run("report", "note", "--org", "Acme", "--year", "2026", "--section", "route", "--edit").status == Console.ExitStatus.usage.rawValue)
    }
}
