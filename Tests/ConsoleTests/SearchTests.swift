import Foundation
import Testing
@testable import Console

/// Issue 14, item 3: `vp search` finds words in every text of the register, ignoring case
/// and accents, marks private notes, ranks by occurrences and shows the words in context.
@Suite struct SearchTests {
    @Test func wordsAreFoundInEveryTextAndPrivateNotesAreMarked() async throws {
        let home = TestHome()
        for words in [
            ["org", "add", "Acme"],
            ["case", "open", "--org", "Acme", "--date", "2026-03-01", "--summary", "Pesten op de afdeling Inkoop, al maanden pesten."],
            ["case", "open", "--org", "Acme", "--date", "2026-03-02", "--summary", "Ruzie met de leidinggevende"],
            ["case", "set", "2026-002", "private_note", "Vermoeden van PÉSTEN, nog niet besproken"],
            ["contact", "add", "2026-002", "--date", "2026-03-03", "--minutes", "30", "--channel", "phone", "--summary", "Gesprek over pesten en werkdruk"],
            ["signal", "add", "--org", "Acme", "--theme", "bullying", "--text", "Pestgedrag in meerdere teams", "--date", "2026-03-04"],
        ] {
            let result = await home.run(words)
            #expect(result.status == 0, "\(words): \(result.errors)")
        }
        let hits = try #require(try await home.json("search", "pest") as? [[String: Any]])
        #expect(hits.count == 4, "\(hits)")
        #expect(hits.first?["ref"] as? String == "2026-001" && hits.first?["score"] as? Int == 2, "\(hits)")
        #expect(hits.contains { $0["field"] as? String == "private_note" && $0["private"] as? Bool == true })
        #expect(hits.contains { $0["field"] as? String == "contact" && $0["conversation"] as? Int == 1 })
        #expect(hits.contains { $0["field"] as? String == "signal" })
        let both = try #require(try await home.json("search", "PESTEN", "inkoop") as? [[String: Any]])
        #expect(both.map { $0["ref"] as? String } == ["2026-001"])
        #expect((both.first?["text"] as? String)?.contains("afdeling Inkoop") == true)
        let shown = await home.run("search", "pesten", "--lang", "en")
        #expect(shown.output.contains("private note") && shown.output.contains("conversation 1"), "\(shown.output)")
        #expect(await home.run("search", "koffie").output == "Niets gevonden.\n")
        #expect(await home.run("search", "--", "!!").status == 64)
    }
}
