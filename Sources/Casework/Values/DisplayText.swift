/// Text from a record made safe to print on a terminal or into a report. Any text may come
/// from a colleague's device through sync, so it must not be able to steer the terminal:
/// control characters (escape sequences, carriage returns, line breaks in a cell) and the
/// bidirectional overrides that reverse what surrounds them each become U+FFFD.
public enum DisplayText {
    /// For one line (a table cell, a name, a sentence): line breaks are replaced too.
    public static func line(_ text: String) -> String { cleaned(text, keepingLineBreaks: false) }

    /// For a text of several lines (a summary, a narrative): line breaks stay.
    public static func block(_ text: String) -> String { cleaned(text, keepingLineBreaks: true) }

    private static func cleaned(_ text: String, keepingLineBreaks: Bool) -> String {
        guard text.unicodeScalars.contains(where: { isUnsafe($0, keepingLineBreaks: keepingLineBreaks) }) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            result.append(isUnsafe(scalar, keepingLineBreaks: keepingLineBreaks) ? "\u{FFFD}" : scalar)
        }
        return String(result)
    }

    private static func isUnsafe(_ scalar: Unicode.Scalar, keepingLineBreaks: Bool) -> Bool {
        if keepingLineBreaks && scalar == "\n" { return false }
        if scalar.properties.generalCategory == .control { return true }
        // LRE, RLE, PDF, LRO, RLO; LRI, RLI, FSI, PDI; ALM.
        return (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value) || scalar.value == 0x061C
    }
}
