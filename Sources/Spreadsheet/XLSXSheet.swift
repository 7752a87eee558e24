import Foundation

/// The first worksheet of an .xlsx workbook (Excel, LibreOffice, Numbers) as rows of text:
/// shared and inline strings as written, numbers without a trailing ".0", and cells whose
/// number format is a date as `YYYY-MM-DD` (a date is a day count in the file).
public struct XLSXSheet: Sendable {
    /// Each row that holds anything, with its row number in the sheet (for messages).
    public let rows: [(number: Int, cells: [String])]

    public init(_ data: Data) throws(SpreadsheetError) {
        let package = try XLSXPackage(data)
        let workbook = try Self.workbook(package)
        let strings = try package.part("xl/sharedStrings.xml").map(Self.sharedStrings) ?? []
        let dates = try package.part("xl/styles.xml").map(Self.dateStyles) ?? []
        guard let sheet = try package.part(workbook.firstSheet) else { throw .notAWorkbook("it has no worksheet") }
        rows = try Self.rows(sheet, strings: strings, dateStyles: dates, date1904: workbook.date1904)
    }

    /// The path of the first sheet, from the workbook and its relationships.
    private static func workbook(_ package: XLSXPackage) throws(SpreadsheetError) -> (firstSheet: String, date1904: Bool) {
        guard let workbook = try package.part("xl/workbook.xml") else { throw .notAWorkbook("it has no xl/workbook.xml") }
        var sheetRelation: String?
        var date1904 = false
        let elements = XMLElements()
        elements.start = { name, attributes in
            if name == "sheet", sheetRelation == nil { sheetRelation = attributes.first { XMLElements.local($0.key) == "id" }?.value }
            if name == "workbookPr" { date1904 = ["1", "true"].contains(attributes["date1904"] ?? "") }
        }
        guard elements.walk(workbook) else { throw .notAWorkbook("its workbook part is not XML") }
        var target: String?
        if let sheetRelation, let relations = try package.part("xl/_rels/workbook.xml.rels") {
            let walker = XMLElements()
            walker.start = { name, attributes in
                if name == "Relationship", attributes["Id"] == sheetRelation { target = attributes["Target"] }
            }
            _ = walker.walk(relations)
        }
        guard let target else { return ("xl/worksheets/sheet1.xml", date1904) }
        // Relative to xl/, or absolute within the package.
        return (target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target, date1904)
    }

    /// The shared string table: each item's text runs joined (phonetic hints left out).
    private static func sharedStrings(_ data: Data) throws(SpreadsheetError) -> [String] {
        var strings: [String] = []
        var current = "", inText = false, phonetic = 0
        let elements = XMLElements()
        elements.start = { name, _ in
            switch name {
            case "si": current = ""
            case "t": inText = true
            case "rPh": phonetic += 1
            default: break
            }
        }
        elements.text = { if inText && phonetic == 0 { current += $0 } }
        elements.end = { name in
            switch name {
            case "si": strings.append(current)
            case "t": inText = false
            case "rPh": phonetic -= 1
            default: break
            }
        }
        guard elements.walk(data) else { throw .notAWorkbook("its shared strings are not XML") }
        return strings
    }

    /// The cell styles (by index) whose number format shows a date.
    private static func dateStyles(_ data: Data) throws(SpreadsheetError) -> Set<Int> {
        var customDates = Set<Int>()
        var formats: [Int] = []
        var inCellFormats = false
        let elements = XMLElements()
        elements.start = { name, attributes in
            if name == "numFmt", let id = attributes["numFmtId"].flatMap(Int.init), let code = attributes["formatCode"], DateFormat.isDate(code) {
                customDates.insert(id)
            }
            if name == "cellXfs" { inCellFormats = true }
            if name == "xf", inCellFormats { formats.append(attributes["numFmtId"].flatMap(Int.init) ?? 0) }
        }
        elements.end = { if $0 == "cellXfs" { inCellFormats = false } }
        guard elements.walk(data) else { throw .notAWorkbook("its styles are not XML") }
        return Set(formats.indices.filter { DateFormat.builtIn.contains(formats[$0]) || customDates.contains(formats[$0]) })
    }

    private static func rows(_ data: Data, strings: [String], dateStyles: Set<Int>, date1904: Bool) throws(SpreadsheetError) -> [(number: Int, cells: [String])] {
        var rows: [(number: Int, cells: [String])] = []
        var cells: [String] = []
        var rowNumber = 0
        var column = 0, type = "", style = 0, value = "", inValue = false
        var padded = 0, tooLarge = false
        let elements = XMLElements()
        elements.start = { name, attributes in
            switch name {
            case "row":
                rowNumber = attributes["r"].flatMap(Int.init) ?? rowNumber + 1
                cells = []
            case "c":
                column = attributes["r"].flatMap(Self.column) ?? cells.count
                type = attributes["t"] ?? "n"
                style = attributes["s"].flatMap(Int.init) ?? 0
                value = ""
            case "v", "t": inValue = true
            default: break
            }
        }
        elements.text = { if inValue { value += $0 } }
        elements.end = { name in
            switch name {
            case "v", "t": inValue = false
            case "c":
                // A register has a few dozen columns; a cell far out would make every row that long.
                guard column < Self.columnLimit, padded + column < Self.cellLimit else {
                    tooLarge = true
                    return
                }
                while cells.count < column { cells.append("") }
                let text = Self.text(value, type: type, isDate: dateStyles.contains(style), strings: strings, date1904: date1904)
                if cells.count == column { cells.append(text) } else { cells[column] = text }
            case "row":
                padded += cells.count
                if cells.contains(where: { !$0.isEmpty }) { rows.append((rowNumber, cells)) }
            default: break
            }
        }
        guard elements.walk(data) else { throw .notAWorkbook("its worksheet is not XML") }
        guard !tooLarge else { throw .notAWorkbook("its sheet has cells beyond column \(Self.columnLimit) or more than \(Self.cellLimit) cells") }
        return rows
    }

    static let columnLimit = 1_024
    static let cellLimit = 20_000_000

    /// "C" → 2, "AB12" → 27.
    static func column(_ reference: String) -> Int? {
        let letters = reference.prefix { $0.isLetter }.uppercased().unicodeScalars
        guard !letters.isEmpty, letters.count <= 3 else { return nil }
        return letters.reduce(0) { $0 * 26 + Int($1.value) - 64 } - 1
    }

    static func text(_ raw: String, type: String, isDate: Bool, strings: [String], date1904: Bool) -> String {
        switch type {
        case "s": return Int(raw).flatMap { strings.indices.contains($0) ? strings[$0] : nil } ?? ""
        case "n":
            guard let number = Double(raw) else { return raw }
            if isDate, let day = DateFormat.day(serial: number, date1904: date1904) { return day }
            return number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : raw
        default: return raw  // inlineStr, str (a formula's text), b, e, d (ISO already)
        }
    }
}
