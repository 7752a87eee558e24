import Foundation

/// `vp search WORDS`: the texts of the register (summaries, outcomes, conversations,
/// signals, private notes) searched on this machine, inside the opened vault; nothing is
/// kept besides the vault itself, so there is no index to leak. A hit must hold every word
/// (ignoring case and accents, matching word starts); hits with more occurrences come first.
public struct TextSearch: Sendable {
    public struct Hit: Sendable, Hashable {
        /// The case reference; empty for a signal.
        public let ref: String
        /// `summary`, `outcome`, `private_note`, `contact` (with `conversation`), `signal`.
        public let field: String
        public let conversation: Int?
        public let snippet: String
        public let score: Int
        public var isPrivate: Bool { field == CaseField.privateNote }
    }

    public let words: [String]

    /// Nil when `text` holds no word to look for.
    public init?(_ text: String) {
        let words = Self.tokens(of: text)
        guard !words.isEmpty else { return nil }
        self.words = Array(Set(words)).sorted()
    }

    public func hits(in book: Casebook, limit: Int = 50) -> [Hit] {
        var hits: [Hit] = []
        func look(_ text: String?, ref: String, field: String, conversation: Int? = nil) {
            guard let text, let (score, snippet) = match(text) else { return }
            hits.append(Hit(ref: ref, field: field, conversation: conversation, snippet: snippet, score: score))
        }
        for file in book.cases {
            look(file.summary.value, ref: file.ref, field: CaseField.summary)
            look(file.outcome.value, ref: file.ref, field: CaseField.outcome)
            look(file.privateNote.value, ref: file.ref, field: CaseField.privateNote)
            for (index, contact) in book.contacts(of: file.id).enumerated() {
                look(contact.summary.value, ref: file.ref, field: "contact", conversation: index + 1)
            }
        }
        for signal in book.signals { look(signal.text.value, ref: "", field: "signal") }
        return Array(hits.sorted { ($1.score, $0.ref, $0.field) < ($0.score, $1.ref, $1.field) }.prefix(limit))
    }

    /// How often the words occur in `text` (nil unless every one does), and the text around
    /// the first occurrence of the first word.
    func match(_ text: String) -> (Int, String)? {
        let tokens = Self.tokens(of: text)
        var score = 0
        for word in words {
            let count = tokens.filter { $0.hasPrefix(word) }.count
            guard count > 0 else { return nil }
            score += count
        }
        return (score, Self.snippet(of: text, around: words[0]))
    }

    /// Lowercased words without accents: what is compared.
    static func tokens(of text: String) -> [String] {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .split { !$0.isLetter && !$0.isNumber }.map(String.init)
    }

    /// About 60 characters of `text` around where `word` first starts a word.
    static func snippet(of text: String, around word: String) -> String {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        let line = text.replacingOccurrences(of: "\n", with: " ")
        guard folded.count == text.count, let found = folded.range(of: word) else { return String(line.prefix(60)) }
        let start = folded.distance(from: folded.startIndex, to: found.lowerBound)
        let from = max(0, start - 25)
        let piece = String(line.dropFirst(from).prefix(60))
        return (from > 0 ? "…" : "") + piece + (from + 60 < line.count ? "…" : "")
    }
}
