import Foundation
import Testing
@testable import Console

@Suite struct RegisterCommandTests {
    func homeWithOrganisation() async -> TestHome {
        let home = TestHome()
        await home.run("org", "add", "Gemeente Utrecht")
        return home
    }

    @Test func openingACasePrintsItsReferenceAndListFilters() async throws {
        let home = await homeWithOrganisation()
        await home.run("org", "add", "Acme BV")
        let first = await home.run("case", "open", "--org", "gemeente utrecht", "--channel", "phone", "--role", "employee",
                             "--category", "bullying", "--category", "work_pressure", "--other-party", "manager")
        #expect(first.status == 0 && first.output == "2026-001\n")
        #expect(await home.run("case", "open", "--org", "Acme BV", "--date", "2025-06-01").output == "2025-001\n")
        #expect(await home.run("case", "open", "--org", "Acme BV").output == "2026-002\n")
        await home.run("case", "close", "2026-002")

        let all = try #require(try await home.json("case", "list") as? [[String: Any]])
        #expect(all.map { $0["ref"] as? String } == ["2025-001", "2026-001", "2026-002"])
        let byOrg = try #require(try await home.json("case", "list", "--org", "ACME BV") as? [[String: Any]])
        #expect(byOrg.map { $0["ref"] as? String } == ["2025-001", "2026-002"])
        let open2026 = try #require(try await home.json("case", "list", "--status", "open", "--year", "2026") as? [[String: Any]])
        #expect(open2026.map { $0["ref"] as? String } == ["2026-001"])
        let bullying = try #require(try await home.json("case", "list", "--category", "bullying") as? [[String: Any]])
        #expect(bullying.first?["categories"] as? [String] == ["bullying", "work_pressure"])
        #expect(bullying.first?["other_party"] as? String == "manager")
    }

    @Test func showHasEveryFieldAndTheContacts() async throws {
        let home = await homeWithOrganisation()
        await home.run("case", "open", "--org", "Gemeente Utrecht", "--date", "2026-03-01", "--summary", "Eerste gesprek")
        #expect(await home.run("case", "set", "2026-001", "formal_step", "complaint_committee").status == 0)
        #expect(await home.run("case", "set", "2026-001", "consent", "given:2026-03-01").status == 0)
        #expect(await home.run("case", "set", "2026-001", "destroy_after", "2027-12-31").status == 0)
        #expect(await home.run("case", "set", "2026-001", "private_note", "eigen aantekening").status == 0)
        #expect(await home.run("case", "tag", "2026-001", "+integrity", "+integrity:fraud", "+referral:company_doctor").status == 0)
        #expect(await home.run("contact", "add", "2026-001", "--date", "2026-03-10", "--minutes", "50", "--channel", "video",
                         "--summary", "Vervolg").status == 0)
        let shown = try #require(try await home.json("case", "show", "2026-001") as? [String: Any])
        let expectedKeys: Set<String> = [
            "ref", "caseload", "organisation", "opened", "closed", "status", "channel", "reporter_role", "other_party", "formal_step", "counsellor_role",
            "categories", "integrity_types", "referrals", "has_conflicts", "consent", "consent_date", "destroy_after", "follow_up",
            "summary", "outcome", "private_note", "own_key", "contacts", "conflicts",
        ]
        #expect(Set(shown.keys) == expectedKeys)
        #expect(shown["formal_step"] as? String == "complaint_committee")
        #expect(shown["caseload"] as? String == "eigen")  // issue 12, item 12: which caseload a case is in
        #expect(shown["consent"] as? String == "given" && shown["consent_date"] as? String == "2026-03-01")
        #expect(shown["integrity_types"] as? [String] == ["fraud"])
        #expect(shown["referrals"] as? [String] == ["company_doctor"])
        #expect(shown["categories"] as? [String] == ["integrity"])
        let contacts = try #require(shown["contacts"] as? [[String: Any]])
        #expect(contacts.count == 1 && contacts[0]["minutes"] as? Int == 50 && contacts[0]["channel"] as? String == "video")
        let english = await home.run("case", "show", "2026-001", "--lang", "en").output
        #expect(english.contains("company doctor") && english.contains("complaint committee"))
        let dutch = await home.run("case", "show", "2026-001").output
        #expect(dutch.contains("bedrijfsarts") && dutch.contains("klachtencommissie"))
    }

    @Test func closeReopenAndHistory() async throws {
        let home = await homeWithOrganisation()
        await home.run("case", "open", "--org", "Gemeente Utrecht", "--channel", "phone")
        home.now += 60_000
        await home.run("case", "set", "2026-001", "channel", "email")
        #expect(await home.run("case", "close", "2026-001", "--outcome", "Afgerond").status == 0)
        #expect(await home.run("case", "close", "2026-001").status == Console.ExitStatus.invalidInput.rawValue)
        #expect(await home.run("case", "reopen", "2026-001").status == 0)
        let history = try #require(try await home.json("case", "history", "2026-001") as? [[String: Any]])
        let channel = history.filter { $0["field"] as? String == "channel" }
        #expect(channel.map { $0["old"] as? String } == [nil, "phone"])
        #expect(channel.map { $0["new"] as? String } == ["phone", "email"])
        #expect(history.contains { $0["field"] as? String == "status" && $0["new"] as? String == "closed" })
        #expect(history.allSatisfy { ($0["device"] as? String)?.count == 16 })
    }

    @Test func activitiesAndSignals() async throws {
        let home = await homeWithOrganisation()
        #expect(await home.run("activity", "add", "--org", "Gemeente Utrecht", "--kind", "training", "--date", "2026-02-01",
                         "--hours", "2,5", "--audience", "30", "--topic", "Omgangsvormen").status == 0)
        #expect(await home.run("signal", "add", "--org", "Gemeente Utrecht", "--theme", "work_pressure",
                         "--text", "Toename van werkdruk in teams").status == 0)
        let activities = try #require(try await home.json("activity", "list") as? [[String: Any]])
        #expect(activities.count == 1 && activities[0]["hours"] as? Double == 2.5 && activities[0]["audience"] as? Int == 30)
        let signals = try #require(try await home.json("signal", "list", "--org", "Gemeente Utrecht") as? [[String: Any]])
        #expect(signals.count == 1 && signals[0]["theme"] as? String == "work_pressure" && signals[0]["date"] as? String == "2026-03-14")
        #expect(await home.run("activity", "list").output.contains("training"))
        #expect(await home.run("activity", "add", "--org", "Gemeente Utrecht", "--kind", "party", "--date", "2026-02-01",
                         "--hours", "1").status == Console.ExitStatus.invalidInput.rawValue)
    }

    @Test func orgListCountsCases() async throws {
        let home = await homeWithOrganisation()
        await home.run("case", "open", "--org", "Gemeente Utrecht")
        let organisations = try #require(try await home.json("org", "list") as? [[String: Any]])
        #expect(organisations.count == 1 && organisations[0]["open_cases"] as? Int == 1)
        #expect(await home.run("org", "add", "gemeente utrecht").status == Console.ExitStatus.alreadyExists.rawValue)
    }
}

@Suite struct TagCommandTests {
    @Test func tagAddsAndRemovesAcrossSetsWithJSONOutput() async throws {
        let home = TestHome()
        await home.run("org", "add", "Acme")
        await home.run("case", "open", "--org", "Acme", "--category", "bullying")
        let result = await home.run("case", "tag", "2026-001", "-bullying", "+other", "+integrity:other", "+hr", "--json")
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.contains("\"ok\": true"))
        let shown = try #require(try await home.json("case", "show", "2026-001") as? [String: Any])
        #expect(shown["categories"] as? [String] == ["other"])
        #expect(shown["integrity_types"] as? [String] == ["other"])
        #expect(shown["referrals"] as? [String] == ["hr"])
    }

    @Test func unknownOrganisationErrorDoesNotListOtherNames() async {
        let home = TestHome()
        await home.run("org", "add", "Geheime Stichting")
        let result = await home.run("case", "open", "--org", "Andere")
        #expect(result.status == Console.ExitStatus.notFound.rawValue)
        #expect(!result.errors.contains("Geheime Stichting"))
        #expect(result.errors.contains("vp org list"))
    }
}
