import Foundation
import Testing
@testable import Console
import Vault

/// Issue 12, item 9: mistakes can be corrected. A conversation can be edited or taken back,
/// an activity or a signal taken back, a set field cleared, an organisation renamed or
/// removed; what was taken back is no longer shown or counted, and stays in the history.
@Suite struct CorrectionTests {
    func prepared() async throws -> TestHome {
        let home = TestHome()
        for words in [
            ["org", "add", "Acme"], ["org", "add", "Typfout BV"],
            ["case", "open", "--org", "Acme", "--date", "2026-02-01", "--other-party", "manager"],
            ["case", "set", "2026-001", "consent", "given:2026-02-02"],
            ["contact", "add", "2026-001", "--date", "2026-02-03", "--minutes", "30", "--channel", "phone"],
            ["contact", "add", "2026-001", "--date", "2026-02-10", "--minutes", "600", "--channel", "phone", "--summary", "Verkeerde zaak"],
            ["activity", "add", "--org", "Acme", "--kind", "training", "--date", "2026-02-04", "--hours", "2"],
            ["signal", "add", "--org", "Acme", "--theme", "work_pressure", "--text", "Dubbel ingevoerd", "--date", "2026-02-05"],
        ] {
            let result = await home.run(words)
            #expect(result.status == 0, "\(words): \(result.errors)")
        }
        return home
    }

    func shown(_ home: TestHome) async throws -> [String: Any] {
        try #require(try await home.json("case", "show", "2026-001") as? [String: Any])
    }

    @Test func aSetFieldCanBeCleared() async throws {
        let home = try await prepared()
        #expect(await home.run("case", "set", "2026-001", "other_party", "").status == 0)
        #expect(await home.run("case", "set", "2026-001", "consent", "").status == 0)
        let file = try await shown(home)
        #expect(file["other_party"] is NSNull && file["consent"] is NSNull && file["consent_date"] is NSNull, "\(file)")
        #expect(await home.run("case", "set", "2026-001", "opened", "").status == 65)
    }

    @Test func aConversationCanBeCorrectedOrTakenBackAndTheHistoryKeepsIt() async throws {
        let home = try await prepared()
        let missing = await home.run("contact", "edit", "2026-001", "3", "--minutes", "40")
        #expect(missing.status == 66 && missing.errors.contains("from 1 to 2"), "\(missing.errors)")
        #expect(await home.run("contact", "edit", "2026-001", "2", "--minutes", "5000").status == 65)
        #expect(await home.run("contact", "edit", "2026-001", "1").status == 64)
        // A third audit: a conversation in 1900 was told to move the opening to 1900, which is refused too.
        let ancient = await home.run("contact", "add", "2026-001", "--date", "1900-01-01", "--minutes", "30", "--channel", "phone")
        #expect(ancient.status == ExitStatus.invalidInput.rawValue && ancient.errors.contains("check the year") && !ancient.errors.contains("case set"), "\(ancient.errors)")
        // A second audit: a negative number said "Missing expected argument".
        let negative = await home.run("contact", "edit", "2026-001", "-1", "--minutes", "40")
        #expect(negative.status == 65 && negative.errors.contains("'-1' is not a value"), "\(negative.errors)")
        #expect(await home.run("contact", "delete", "2026-001", "-2").status == 65)
        #expect(await home.run("contact", "edit", "2026-001", "1", "--minutes", "45", "--summary", "Intake").status == 0)
        #expect(await home.run("contact", "delete", "2026-001", "2").status == 0)
        let contacts = try #require(try await shown(home)["contacts"] as? [[String: Any]])
        #expect(contacts.count == 1 && contacts[0]["minutes"] as? Int == 45 && contacts[0]["summary"] as? String == "Intake", "\(contacts)")
        let hours = try #require(try JSONSerialization.jsonObject(with: Data(await home.run("hours", "--year", "2026", "--format", "json").output.utf8)) as? [[String: Any]])
        #expect(hours.first?["conversations"] as? Int == 1 && hours.first?["conversation_hours"] as? Double == 0.75, "\(hours)")
        #expect(await home.run("case", "history", "2026-001").output.contains("Verkeerde zaak"))
    }

    /// Issue 14, item 1: what a conversation was (intake, follow-up, accompanying, …).
    @Test func aConversationSaysWhatItWas() async throws {
        let home = try await prepared()
        #expect(await home.run("contact", "add", "2026-001", "--date", "2026-02-11", "--minutes", "20", "--channel", "phone",
                               "--purpose", "accompanying_manager").status == 0)
        let wrong = await home.run("contact", "edit", "2026-001", "1", "--purpose", "koffie")
        #expect(wrong.status == 65 && wrong.errors.contains("intake, follow_up"), "\(wrong.errors)")
        #expect(await home.run("contact", "edit", "2026-001", "1", "--purpose", "intake").status == 0)
        let contacts = try #require(try await shown(home)["contacts"] as? [[String: Any]])
        #expect(contacts.compactMap { $0["purpose"] as? String } == ["intake", "accompanying_manager"], "\(contacts)")
        #expect(await home.run("case", "show", "2026-001", "--lang", "en").output.contains("accompanying to a meeting with the manager"))
    }

    @Test func activitiesAndSignalsAreTakenBackByTheirId() async throws {
        let home = try await prepared()
        for kind in ["activity", "signal"] {
            let listed = try #require(try await home.json(kind, "list") as? [[String: Any]])
            let id = try #require(listed.first?["id"] as? String)
            #expect(await home.run(kind, "list").output.contains(String(id.prefix(8))))
            #expect(await home.run(kind, "delete", "abc").status == 66)
            #expect(await home.run(kind, "delete", String(id.prefix(8))).status == 0)
            #expect((try await home.json(kind, "list") as? [[String: Any]])?.isEmpty == true)
            #expect(await home.run(kind, "delete", String(id.prefix(8))).status == 66)
        }
    }

    /// A second audit: the commands read only the case, not its conversations, so a new
    /// conversation was always number 1 and an opening after the first conversation passed.
    @Test func writesToACaseSeeItsConversations() async throws {
        let home = try await prepared()  // 2026-001 opened 2026-02-01, conversations on 02-03 and 02-10
        let third = try #require(try await home.json("contact", "add", "2026-001", "--date", "2026-02-12", "--minutes", "20", "--channel", "phone") as? [String: Any])
        #expect(third["id"] as? String == "3", "\(third)")
        let late = await home.run("case", "set", "2026-001", "opened", "2026-02-05")
        #expect(late.status == ExitStatus.invalidInput.rawValue && late.errors.contains("2026-02-03"), "\(late.errors)")
    }

    /// Issue 12, item 9: activities and signals could only be taken back, not corrected.
    @Test func activitiesAndSignalsAreCorrectedByTheirId() async throws {
        let home = try await prepared()
        let activity = try #require((try await home.json("activity", "list") as? [[String: Any]])?.first?["id"] as? String)
        #expect(await home.run("activity", "edit", String(activity.prefix(6)), "--hours", "2,5", "--topic", "Werkdruk", "--audience", "12").status == 0)
        let edited = try #require((try await home.json("activity", "list") as? [[String: Any]])?.first)
        #expect(edited["hours"] as? Double == 2.5 && edited["topic"] as? String == "Werkdruk" && edited["audience"] as? Int == 12, "\(edited)")
        #expect(await home.run("activity", "edit", String(activity.prefix(6)), "--hours", "5000").status == ExitStatus.invalidInput.rawValue)
        #expect(await home.run("activity", "edit", String(activity.prefix(6)), "--date", "2099-01-01").status == ExitStatus.invalidInput.rawValue)
        #expect(await home.run("activity", "edit", String(activity.prefix(6))).status == ExitStatus.usage.rawValue)  // nothing to change
        // A third audit: a short id was said to match nothing, though it did.
        let short = await home.run("activity", "edit", String(activity.prefix(2)), "--hours", "1")
        #expect(short.errors.contains("at least the first 4 characters"), "\(short.errors)")

        let signal = try #require((try await home.json("signal", "list") as? [[String: Any]])?.first?["id"] as? String)
        #expect(await home.run("signal", "edit", String(signal.prefix(6)), "--theme", "bullying", "--text", "Anders verwoord").status == 0)
        let corrected = try #require((try await home.json("signal", "list") as? [[String: Any]])?.first)
        #expect(corrected["theme"] as? String == "bullying" && corrected["text"] as? String == "Anders verwoord", "\(corrected)")
        #expect(await home.run("signal", "edit", "zzzz", "--text", "x").status == ExitStatus.notFound.rawValue)
        // A signal without text says nothing.
        #expect(await home.run("signal", "edit", String(signal.prefix(6)), "--text", "").status == ExitStatus.invalidInput.rawValue)
    }

    @Test func anOrganisationCanBeRenamedOrRemovedWhenNothingUsesIt() async throws {
        let home = try await prepared()
        #expect(await home.run("org", "rename", "Acme", "Typfout BV").status == 73)
        let inUse = await home.run("org", "remove", "Acme")
        #expect(inUse.status == 65 && inUse.errors.contains("still has"), "\(inUse.errors)")
        #expect(await home.run("org", "remove", "Typfout BV").status == 0)
        #expect(await home.run("org", "rename", "Acme", "Acme Zorg").status == 0)
        let names = try #require(try await home.json("org", "list") as? [[String: Any]]).compactMap { $0["name"] as? String }
        #expect(names == ["Acme Zorg"])
        #expect(try await shown(home)["organisation"] as? String == "Acme Zorg")
        #expect(await home.run("org", "add", "Typfout BV").status == 0)
        // Removed on another device while this one gave it a case: it stays shown.
        let vault = try home.openVault()
        let acme = try #require(try vault.records().first { $0.value.string("name") == "Acme Zorg" }?.key)
        try vault.write { $0.assign(.string("2026-03-14"), to: "removed", of: acme) }
        let shownNames = try #require(try await home.json("org", "list") as? [[String: Any]]).compactMap { $0["name"] as? String }
        #expect(shownNames.contains("Acme Zorg"))
    }
}
