import Foundation
import Testing
@testable import Console
import Casework

/// Issue 14, item 2: follow-up days on cases and conversations, and `vp agenda` listing
/// what is due, overdue first; the prompt's greeting names today's.
@Suite struct AgendaTests {
    @Test func theAgendaListsWhatIsDueOverdueFirst() async throws {
        let home = TestHome()  // today: 2026-03-14
        for words in [
            ["org", "add", "Acme"],
            ["case", "open", "--org", "Acme", "--date", "2026-03-01"], ["case", "open", "--org", "Acme", "--date", "2026-03-02"],
            ["case", "open", "--org", "Acme", "--date", "2026-03-03"], ["case", "open", "--org", "Acme", "--date", "2026-03-04"],
            ["case", "set", "2026-001", "follow_up", "2026-03-14"], ["case", "set", "2026-002", "follow_up", "2026-03-18"],
            ["case", "set", "2026-003", "follow_up", "2026-03-16"], ["case", "set", "2026-004", "follow_up", "2026-03-15"],
            ["case", "close", "2026-004"],
            ["contact", "add", "2026-002", "--date", "2026-03-10", "--minutes", "30", "--channel", "phone", "--follow-up", "2026-03-20"],
        ] {
            let result = await home.run(words)
            #expect(result.status == 0, "\(words): \(result.errors)")
        }
        #expect(await home.run("case", "set", "2026-001", "follow_up", "2026-03-01").status == 65)
        #expect(await home.run("contact", "add", "2026-001", "--date", "2026-03-10", "--minutes", "5", "--channel", "phone",
                               "--follow-up", "2026-03-09").status == 65)
        home.now += 3 * 86_400_000  // 2026-03-17
        let today = try #require(try await home.json("agenda") as? [[String: Any]])
        #expect(today.map { $0["ref"] as? String } == ["2026-001", "2026-003"], "\(today)")
        #expect(today.allSatisfy { $0["overdue"] as? Bool == true })
        let week = try #require(try await home.json("agenda", "--week") as? [[String: Any]])
        #expect(week.map { "\($0["ref"] as? String ?? "") \($0["conversation"] as? Int ?? 0)" }
            == ["2026-001 0", "2026-003 0", "2026-002 0", "2026-002 1"], "\(week)")
        #expect(await home.run("agenda", "--week", "--lang", "en").output.contains("conversation 1"))
        // What the prompt says at the start of the day.
        let book = Casebook(records: try home.openVault().records())
        let day = try LocalDate.parse("2026-03-17")
        let greeting = AgendaText.greeting(Agenda(book: book, today: day, until: day), Labels(language: .en))
        #expect(greeting == "Due today: 2026-001, 2026-003 (2 overdue); 'agenda' shows them.")
    }
}
