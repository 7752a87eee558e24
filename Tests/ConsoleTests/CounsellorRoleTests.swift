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
}
