/// Text from a record made safe to print on a terminal or into a report. Any text may come
/// from a colleague's device through sync, so it must not be able to steer the terminal:
/// control characters (escape sequences, carriage returns, line breaks in a cell) and the
/// bidirectional overrides that reverse what surrounds them each become U+FFFD.
public enum DisplayText {
    /// For one line (a table cell, a name, a sentence): line breaks are replaced too.
    public static func line(_ text: String) -> String { cleaned(text, keepingLineBreaks: false) }

    /// For a text of several lines (a summary, a narrative): line breaks stay.
    public static func block(_ text: String) -> String { cleaned(text, keepingLineBreaks: true) }

    /// For anything about to reach a terminal (all output of vp on one): line breaks and
    /// tabs stay.
    public static func terminal(_ text: String) -> String { cleaned(text, keepingLineBreaks: true, keepingTabs: true) }

    /// Whether `text` holds anything `line` would replace: such a name is refused.
    public static func isUnsafeAsLine(_ text: String) -> Bool {
        text.unicodeScalars.contains { isUnsafe($0, keepingLineBreaks: false) }
    }

    private static func cleaned(_ text: String, keepingLineBreaks: Bool, keepingTabs: Bool = false) -> String {
        let unsafe = { (scalar: Unicode.Scalar) in !(keepingTabs && scalar == "\t") && isUnsafe(scalar, keepingLineBreaks: keepingLineBreaks) }
        guard text.unicodeScalars.contains(where: unsafe) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            result.append(unsafe(scalar) ? "\u{FFFD}" : scalar)
        }
        return String(result)
    }

    static func isUnsafe(_ scalar: Unicode.Scalar, keepingLineBreaks: Bool) -> Bool {
        if keepingLineBreaks && scalar == "\n" { return false }
        if scalar.properties.generalCategory == .control { return true }
        // LRE, RLE, PDF, LRO, RLO; LRI, RLI, FSI, PDI; ALM, LRM, RLM (a mark moves digits and
        // punctuation around it, enough to make a table cell read differently).
        return (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
            || [0x061C, 0x200E, 0x200F].contains(scalar.value)
    }
}
