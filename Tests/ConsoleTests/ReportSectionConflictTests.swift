import Foundation
import Testing
@testable import Console
import Replica

/// Issue 12, item 4: a report section written on two devices at once is shown with a
/// warning, opened whole for editing, and settled by the next text, which replaces both.
@Suite struct ReportSectionConflictTests {
    @Test func aSectionWrittenTwiceIsShownAsSuchAndSettledByTheNextText() async throws {
        let home = TestHome()
        #expect(await home.run("org", "add", "Acme").status == 0)
        #expect(await home.run("report", "note", "--org", "Acme", "--year", "2026", "--section", "trends", "--text", "Versie laptop").status == 0)
        // What another device wrote offline for the same section: a second record.
        let vault = try home.openVault()
        let organisation = try #require(try vault.records().first { $0.value.string("name") == "Acme" }?.key)
        try vault.write { session in
            let id = session.newRecordID()
            session.assign(.string("report_note"), to: "kind", of: id)
            session.assign(.string(organisation.description), to: "organisation", of: id)
            session.assign(.integer(2026), to: "year", of: id)
            session.assign(.string("trends"), to: "section", of: id)
            session.write("Versie desktop", to: "text", of: id)
        }
        let doubled = await home.run("report", "--org", "Acme", "--year", "2026")
        #expect(doubled.output.contains("Versie laptop") && doubled.output.contains("Versie desktop"))
        #expect(doubled.errors.contains("twee apparaten tegelijk") && doubled.errors.contains("--section trends --edit"), "\(doubled.errors)")

        #expect(await home.run("report", "note", "--org", "Acme", "--year", "2026", "--section", "trends", "--text", "Samengevoegd").status == 0)
        let settled = await home.run("report", "--org", "Acme", "--year", "2026")
        #expect(settled.output.contains("Samengevoegd") && !settled.output.contains("Versie"), "\(settled.output)")
        #expect(!settled.errors.contains("twee apparaten"))
    }
}
