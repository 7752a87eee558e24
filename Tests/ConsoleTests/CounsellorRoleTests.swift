import Foundation
import Testing
@testable import Console

/// Issue 14, item 4: a case falls under one of the counsellor's two roles (undesirable
/// behaviour, integrity), by default the organisation's; lists filter by it.
@Suite struct CounsellorRoleTests {
    @Test func aCaseHasARoleByDefaultItsOrganisationsAndListsFilterByIt() async throws {
        let home = TestHome()
        #expect(await home.run("org", "add", "Acme", "--counsellor-role", "ongewenst gedrag").status == 0)
        #expect(await home.run("case", "open", "--org", "Acme").status == 0)
        #expect(await home.run("case", "open", "--org", "Acme", "--counsellor-role", "integrity", "--category", "wrongdoing_suspicion").status == 0)
        #expect(await home.run("org", "role", "Acme", "integriteit").status == 0)
        #expect(await home.run("case", "open", "--org", "Acme").status == 0)
        let roles = try #require(try await home.json("case", "list") as? [[String: Any]]).map { "\($0["ref"]!) \($0["counsellor_role"] ?? "-")" }
        #expect(roles == ["2026-001 undesirable_behaviour", "2026-002 integrity", "2026-003 integrity"], "\(roles)")
        let integrity = try #require(try await home.json("case", "list", "--counsellor-role", "integrity") as? [[String: Any]])
        #expect(integrity.compactMap { $0["ref"] as? String } == ["2026-002", "2026-003"])
        #expect(await home.run("case", "set", "2026-003", "counsellor_role", "undesirable_behaviour").status == 0)
        #expect(await home.run("case", "show", "2026-003", "--lang", "en").output.contains("undesirable behaviour"))
        #expect(await home.run("case", "set", "2026-003", "counsellor_role", "").status == 0)
        #expect(try #require(try await home.json("case", "show", "2026-003") as? [String: Any])["counsellor_role"] is NSNull)
        let wrong = await home.run("case", "open", "--org", "Acme", "--counsellor-role", "beide")
        #expect(wrong.status == ExitStatus.invalidInput.rawValue && wrong.errors.contains("undesirable_behaviour, integrity"), "\(wrong.errors)")
    }

    /// The report of an organisation whose year holds both roles gives the cases per role,
    /// and their breakdowns per role only; finalised, it stays so.
    @Test func theReportIsSplitByRoleWhenTheYearHoldsBoth() async throws {
        let home = TestHome()
        #expect(await home.run("org", "add", "Acme").status == 0)
        for (index, role) in (Array(repeating: "undesirable_behaviour", count: 6) + Array(repeating: "integrity", count: 5)).enumerated() {
            let opened = await home.run("case", "open", "--org", "Acme", "--date", String(format: "2026-02-%02d", index + 1), "--counsellor-role", role,
                                        "--category", role == "integrity" ? "wrongdoing_suspicion" : "bullying", "--channel", "phone")
            #expect(opened.status == 0, "\(opened.errors)")
        }
        let report = try #require(try await home.json("report", "--org", "Acme", "--year", "2026") as? [String: Any])
        let parts = try #require(report["by_counsellor_role"] as? [[String: Any]])
        #expect(parts.compactMap { $0["counsellor_role"] as? String } == ["undesirable_behaviour", "integrity"], "\(parts)")
        #expect(parts.compactMap { ($0["cases_opened"] as? [String: Any])?["count"] as? Int } == [6, 5])
        let integrity = try #require(parts[1]["breakdowns"] as? [String: Any])
        let categories = try #require(integrity["category"] as? [[String: Any]])
        #expect(categories.first { $0["code"] as? String == "wrongdoing_suspicion" }?["count"] as? Int == 5)
        // Never also for all cases together: one role's cell would be the difference of two.
        #expect((report["breakdowns"] as? [String: Any])?.keys.sorted() == ["purpose"], "\(report["breakdowns"] ?? "")")
        let markdown = await home.run("report", "--org", "Acme", "--year", "2026").output
        #expect(markdown.contains("### Rol vertrouwenspersoon: integriteit") && markdown.contains("### Rol vertrouwenspersoon: ongewenst gedrag"), "\(markdown)")
        let csv = await home.run("report", "--org", "Acme", "--year", "2026", "--format", "csv").output
        #expect(csv.contains("cases:integrity,total,cases_opened,") && !csv.contains("\ncases,category,"), "\(csv)")
        #expect(await home.run("report", "finalize", "--org", "Acme", "--year", "2026").status == 0)
        let frozen = try #require(try await home.json("report", "--org", "Acme", "--year", "2026") as? [String: Any])
        #expect((frozen["by_counsellor_role"] as? [[String: Any]])?.count == 2)

        // One role with too few cases to stand on its own hides both totals: then no split.
        let small = TestHome()
        #expect(await small.run("org", "add", "Acme").status == 0)
        for index in 0..<9 { #expect(await small.run("case", "open", "--org", "Acme", "--date", String(format: "2026-02-%02d", index + 1), "--counsellor-role", "integrity").status == 0) }
        #expect(await small.run("case", "open", "--org", "Acme", "--date", "2026-03-01", "--counsellor-role", "undesirable_behaviour").status == 0)
        let unsplit = try #require(try await small.json("report", "--org", "Acme", "--year", "2026") as? [String: Any])
        #expect((unsplit["by_counsellor_role"] as? [Any])?.isEmpty == true && (unsplit["breakdowns"] as? [String: Any])?["category"] != nil, "\(unsplit)")
    }
}
