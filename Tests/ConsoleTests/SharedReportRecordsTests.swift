import Foundation
import InProcessRelay
import Replica
import Sync
import Testing
import Vault
@testable import Console

/// Issue 15, fault 6: the narrative, activities and signals of an organisation kept in a
/// shared caseload could not be written ("No organisation named …") although its report
/// could be made. They are now written, and travel in that caseload.
@Suite struct SharedReportRecordsTests {
    @Test func aSharedOrganisationsReportRecordsAreWrittenAndTravelWithIt() async throws {
        let relay = try InProcessRelay()
        let home = TestHome()
        home.connect = { _, keys in relay.transport(as: keys?.publicKey) }
        #expect(await home.run("caseload", "create", "Team Noord").status == 0)
        #expect(await home.run("org", "add", "Acme", "--caseload", "Team Noord").status == 0)
        let note = await home.run("report", "note", "--org", "Acme", "--year", "2026", "--section", "trends", "--text", "Meer meldingen")
        #expect(note.status == 0, "\(note.errors)")
        #expect(await home.run("activity", "add", "--org", "acme", "--kind", "training", "--date", "2026-02-01", "--hours", "2").status == 0)
        #expect(await home.run("signal", "add", "--org", "Acme", "--theme", "work_pressure", "--text", "Drukte", "--date", "2026-03-02").status == 0)
        let report = await home.run("report", "--org", "Acme", "--year", "2026", "--format", "md")
        #expect(report.status == 0 && report.output.contains("Meer meldingen"), "\(report.output)")

        // All three carry the organisation's caseload, so its co-counsellors receive them.
        let shared = try #require(try Caseload.named("Team Noord", in: home.openVault())).id.description
        let records = try home.openVault().records().values.filter { ["report_note", "activity", "signal"].contains($0.string("kind") ?? "") }
        #expect(records.count == 3 && records.allSatisfy { $0.string("caseload") == shared })
    }
}
