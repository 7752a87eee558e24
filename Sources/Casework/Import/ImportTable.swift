/// A register as a spreadsheet holds it: a header row and data rows, from a CSV file or the
/// first sheet of an .xlsx workbook.
public struct ImportTable: Sendable {
    public let header: [String]
    /// Each row with its line number in the file (for messages), padded or cut to the header.
    public let rows: [(line: Int, fields: [String])]

    /// A CSV file. Fields may be quoted ("…", with "" for a quote, and line breaks inside);
    /// the separator is `;` (what Dutch Excel writes) or `,`, whichever the header holds more
    /// of; a UTF-8 byte order mark is skipped.
    public static func csv(_ text: String) throws(CaseworkError) -> ImportTable {
        var scalars = Substring(text).unicodeScalars[...]
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
        let firstLine = scalars.prefix { $0 != "\n" && $0 != "\r" }
        let separator: Unicode.Scalar = firstLine.filter { $0 == ";" }.count >= firstLine.filter { $0 == "," }.count ? ";" : ","
        var records: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var quoted = false, line = 1, recordLine = 1
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            scalars.formIndex(after: &index)
            if quoted {
                if scalar == "\"" {
                    if index < scalars.endIndex, scalars[index] == "\"" {
                        field.append("\"")
                        scalars.formIndex(after: &index)
                    } else {
                        quoted = false
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty: quoted = true
            case separator:
                fields.append(String(field))
                field = String.UnicodeScalarView()
            case "\r": continue
            case "\n":
                fields.append(String(field))
                field = String.UnicodeScalarView()
                records.append((recordLine, fields))
                fields = []
                line += 1
                recordLine = line
            default: field.append(scalar)
            }
        }
        guard !quoted else { throw .invalidImport("a quote opened on line \(recordLine) is never closed") }
        if !field.isEmpty || !fields.isEmpty {
            fields.append(String(field))
            records.append((recordLine, fields))
        }
        return try ImportTable(records: records)
    }

    /// The first record is the header; each row is padded or cut to it.
    public init(records: [(line: Int, fields: [String])]) throws(CaseworkError) {
        var records = records
        // Rows of nothing but empty fields (a spreadsheet's trailing lines) are no rows.
        records.removeAll { $0.fields.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }
        guard let header = records.first?.fields.map({ $0.trimmingCharacters(in: .whitespaces) }) else {
            throw .invalidImport("the file is empty; it needs a header row and a row per case")
        }
        self.header = header
        rows = records.dropFirst().map { record in
            (record.line, Array((record.fields + Array(repeating: "", count: max(0, header.count - record.fields.count))).prefix(header.count)))
        }
    }
}
