/// How a CSV file is written: the standard one (`,`, decimal point), or the one Dutch
/// spreadsheet programs open as it is (`;`, decimal comma, UTF-8 with a byte order mark, so
/// Excel reads the accents right).
public enum CSVDialect: Sendable {
    case standard, dutch

    var separator: String { self == .dutch ? ";" : "," }

    /// `rows` as a file; the cells of `numeric` columns get the dialect's decimal mark.
    public func render(_ rows: [[String]], numeric: Set<Int> = []) -> String {
        let lines = rows.map { row in
            row.enumerated().map { column, value in
                numeric.contains(column) && self == .dutch ? value.replacingOccurrences(of: ".", with: ",") : field(value)
            }.joined(separator: separator)
        }
        return (self == .dutch ? "\u{FEFF}" : "") + lines.joined(separator: "\n") + "\n"
    }

    /// RFC 4180 quoting; a text a spreadsheet would take for a formula (=, +, -, @ first)
    /// gets a leading apostrophe, so opening the file runs nothing.
    public func field(_ value: String) -> String {
        let value = value.first.map { "=+-@\t\r".contains($0) } == true ? "'" + value : value
        guard value.contains(where: { String($0) == separator || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
