import Foundation
import InProcessRelay
import Testing
@testable import Console

/// Issue 12, second audit: a moved case gets the shared caseload's record of its
/// organisation, so the organisation had a record in two caseloads and `--org` picked one:
/// the report, the hours and the lists left out what the other held. An organisation is now
/// its name across caseloads; a finalised report names the cases it counted, so a case it
/// left out cannot be destroyed as if it were counted.
@Suite struct OrganisationAcrossCaseloadsTests {
    func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8))
    }

    @Test func reportsHoursAndListsCountAnOrganisationInEveryCaseload() async throws {
        let relay = try InProcessRelay()
        let home = TestHome()
        home.connect = { _, keys in relay.transport(as: keys?.publicKey) }
        #expect(await home.run("org", "add", "Acme").status == 0)
        for day in 1...3 {
            #expect(await home.run("case", "open", "--org", "Acme", "--date", "2026-02-0\(day)", "--channel", "phone").status == 0)
            #expect(await home.run("contact", "add", "2026-00\(day)", "--date", "2026-02-1\(day)", "--minutes", "60", "--channel", "phone").status == 0)
        }
        #expect(await home.run("caseload", "create", "Team Noord").status == 0)
        let moved = await home.run("case", "move", "2026-003", "--to", "Team Noord", "--yes")
        #expect(moved.status == 0, "\(moved.errors)")
        #expect(await home.run("activity", "add", "--org", "Acme", "--kind", "training", "--date", "2026-02-20", "--hours", "2").status == 0)

        // Two records of Acme now; every view of "Acme" holds all three cases.
        let organisations = try #require(try json(await home.run("org", "list", "--json").output) as? [[String: Any]])
        #expect(organisations.count == 2, "\(organisations)")
        let listed = try #require(try json(await home.run("case", "list", "--org", "acme", "--json").output) as? [[String: Any]])
        #expect(listed.compactMap { $0["ref"] as? String }.sorted() == ["2026-001", "2026-002", "2026-003"], "\(listed)")
        let report = try #require(try json(await home.run("report", "--org", "Acme", "--year", "2026", "--threshold", "3", "--json").output) as? [String: Any])
        #expect((report["cases_opened"] as? [String: Any])?["count"] as? Int == 3, "\(report)")
        let hours = try #require(try json(await home.run("hours", "--year", "2026", "--json").output) as? [[String: Any]])
        let rows = hours.map { "\($0["organisation"]!) \($0["month"]!) \($0["conversations"]!) \($0["activity_hours"]!)" }
        #expect(rows == ["Acme 2026-02 3 2"], "\(rows)")
        let onlyAcme = try #require(try json(await home.run("hours", "--year", "2026", "--org", "Acme", "--json").output) as? [[String: Any]])
        #expect(onlyAcme.count == 1 && "\(onlyAcme[0]["conversations"]!)" == "3", "\(onlyAcme)")

        // The narrative is one text per section, whichever caseload's record holds it.
        #expect(await home.run("report", "note", "--org", "Acme", "--year", "2026", "--section", "trends", "--text", "Eerste").status == 0)
        #expect(await home.run("report", "note", "--org", "ACME", "--year", "2026", "--section", "trends", "--text", "Tweede").status == 0)
        let text = await home.run("report", "--org", "Acme", "--year", "2026")
        #expect(text.output.contains("Tweede") && !text.output.contains("Eerste"), "\(text.output)")

        // Finalised once for the organisation, whichever caseload keeps the frozen report.
        #expect(await home.run("report", "finalize", "--org", "Acme", "--year", "2026").status == 0)
        let again = await home.run("report", "finalize", "--org", "acme", "--year", "2026")
        #expect(again.status == ExitStatus.alreadyExists.rawValue, "\(again.errors)")
        // A third audit: renaming renamed one record and split the organisation in two.
        #expect(await home.run("org", "rename", "Acme", "Acme BV").status == 0)
        let renamed = try #require(try json(await home.run("org", "list", "--json").output) as? [[String: Any]])
        #expect(renamed.compactMap { $0["name"] as? String } == ["Acme BV", "Acme BV"], "\(renamed)")
        let frozen = await home.run("report", "--org", "Acme BV", "--year", "2026")
        #expect(frozen.status == 0 && frozen.errors.contains("Vastgesteld"), "\(frozen.errors)")
        // A year still to come, or before 2000, cannot be finalised (it would be frozen empty).
        for year in ["2027", "1999"] {
            let early = await home.run("report", "finalize", "--org", "Acme BV", "--year", year)
            #expect(early.status == ExitStatus.invalidInput.rawValue, "\(year): \(early.errors)")
        }

        // The moved case was counted: once closed, it may be destroyed.
        #expect(await home.run("case", "close", "2026-003", "--date", "2026-03-01").status == 0)
        let destroyed = await home.run("case", "destroy", "2026-003")
        #expect(destroyed.status == 0, "\(destroyed.errors)")
        // A case opened in the finalised year afterwards is not in that report: destroying it
        // as if it were counted would be a lie.
        #expect(await home.run("case", "open", "--org", "Acme BV", "--date", "2026-03-02").status == 0)
        #expect(await home.run("case", "close", "2026-004", "--date", "2026-03-03").status == 0)
        let uncounted = await home.run("case", "destroy", "2026-004")
        #expect(uncounted.status == 65 && uncounted.errors.contains("finalised on 2026-03-14 without it"), "\(uncounted.errors)")
    }
}
