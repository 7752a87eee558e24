import Testing
@testable import Console

/// Issue 12, item 12: emoji and wide characters (which colleagues may type) do not shift
/// the columns of a table.
@Suite struct TableTests {
    @Test func columnsStayAlignedWithEmojiAndWideCharacters() {
        var table = Table(["NAAM", "STATUS"])
        table.rows = [["Acme 😀", "open"], ["Zorg BV", "open"], ["東京", "open"], ["❤️ Team", "open"]]
        let lines = table.rendered().split(separator: "\n").map(String.init)
        let columns = lines.map { line in DisplayWidth.of(String(line[..<line.range(of: line.hasPrefix("NAAM") ? "STATUS" : "open")!.lowerBound])) }
        #expect(Set(columns).count == 1, "\(lines)")
        #expect(DisplayWidth.of("😀") == 2 && DisplayWidth.of("東") == 2 && DisplayWidth.of("e\u{301}") == 1 && DisplayWidth.of("❤️") == 2)
    }
}
