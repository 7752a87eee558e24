import Foundation
import Testing
@testable import Console

/// Issue 14, item 6: hours for invoicing per organisation and month, and nothing about any case.
@Suite struct HoursCommandTests {
    @Test func hoursPerOrganisationAndMonthWithoutCases() async throws {
        let home = TestHome()
        for organisation in ["Acme", "=Beta"] { #expect(await home.run("org", "add", organisation).status == 0) }
        #expect(await home.run("case", "open", "--org", "Acme", "--date", "2026-01-05", "--summary", "Geheim MARK").status == 0)
        #expect(await home.run("case", "open", "--org", "=Beta", "--date", "2026-02-01").status == 0)
        for (ref, date, minutes) in [("2026-001", "2026-01-05", "60"), ("2026-001", "2026-01-20", "30"), ("2026-001", "2026-03-02", "45"),
                                     ("2026-002", "2026-02-03", "90")] {
            #expect(await home.run("contact", "add", ref, "--date", date, "--minutes", minutes, "--channel", "phone", "--summary", "Gesprek MARK").status == 0)
        }
        #expect(await home.run("activity", "add", "--org", "Acme", "--kind", "training", "--date", "2026-03-10", "--hours", "2.5").status == 0)
        #expect(await home.run("contact", "add", "2026-001", "--date", "2025-12-30", "--minutes", "30", "--channel", "phone").status != 0)

        let json = try #require(try JSONSerialization.jsonObject(with: Data(await home.run("hours", "--year", "2026", "--format", "json").output.utf8)) as? [[String: Any]])
        let rows = json.map { "\($0["organisation"]!) \($0["month"]!) \($0["conversations"]!) \($0["conversation_hours"]!) \($0["activity_hours"]!)" }
        #expect(rows == ["=Beta 2026-02 1 1.5 0", "Acme 2026-01 2 1.5 0", "Acme 2026-03 1 0.75 2.5"])
        for format in ["text", "csv", "csv-nl", "json"] {
            let output = await home.run("hours", "--year", "2026", "--format", format).output
            #expect(!output.contains("MARK") && !output.contains("2026-001") && !output.contains("2026-01-05"), "\(format): \(output)")
        }
        let csv = await home.run("hours", "--year", "2026", "--format", "csv").output
        #expect(csv.contains("\n'=Beta,2026-02,1,1.50,0.00,1.50\n"), "\(csv)")
        // Issue 14, item 5: the CSV Dutch Excel opens as it is.
        let dutch = await home.run("hours", "--year", "2026", "--format", "csv-nl").output
        #expect(dutch.hasPrefix("\u{FEFF}organisation;month;") && dutch.contains("\n'=Beta;2026-02;1;1,50;0,00;1,50\n"), "\(dutch)")
        let text = await home.run("hours", "--year", "2026", "--org", "Acme").output
        #expect(text.contains("totaal 2026") && text.contains("2.25") && text.contains("4.75") && !text.contains("Beta"), "\(text)")
    }
}
