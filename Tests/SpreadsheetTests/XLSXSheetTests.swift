import Foundation
import Testing
import ZIPFoundation
@testable import Spreadsheet

/// Reading the first sheet of a workbook as Excel writes it, and what vp writes itself.
@Suite struct XLSXSheetTests {
    /// A workbook laid out the way Excel saves one: shared strings (one with rich-text runs
    /// and a phonetic hint), a style table whose second and third cell formats are dates
    /// (built-in 14 and a custom d-m-yyyy), cells addressed by reference with gaps, an
    /// inline string, a formula's text, and the sheet found through the relationships.
    static func excelLike(date1904: Bool = false, sheet: String? = nil) throws -> Data {
        var parts = [
            "[Content_Types].xml": "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>",
            "xl/workbook.xml": """
                <?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
                xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr\(date1904 ? " date1904=\"1\"" : "")/>\
                <sheets><sheet name="Register" sheetId="1" r:id="rId3"/><sheet name="Notes" sheetId="2" r:id="rId4"/></sheets></workbook>
                """,
            "xl/_rels/workbook.xml.rels": """
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                <Relationship Id="rId4" Type="worksheet" Target="worksheets/sheet1.xml"/>\
                <Relationship Id="rId3" Type="worksheet" Target="/xl/worksheets/sheet2.xml"/></Relationships>
                """,
            "xl/sharedStrings.xml": """
                <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="5" uniqueCount="5">\
                <si><t>Organisatie</t></si><si><t>Datum melding</t></si><si><t>Minuten</t></si>\
                <si><r><rPr><b/></rPr><t>Gemeente </t></r><r><t xml:space="preserve">Utrecht</t></r><rPh sb="0" eb="1"><t>X</t></rPh></si>\
                <si><t>Pesten &amp; treiteren</t></si></sst>
                """,
            "xl/styles.xml": """
                <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1">\
                <numFmt numFmtId="164" formatCode="d\\-m\\-yyyy"/></numFmts><cellXfs count="3">\
                <xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs></styleSheet>
                """,
            "xl/worksheets/sheet1.xml": "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>not this sheet</t></is></c></row></sheetData></worksheet>",
            "xl/worksheets/sheet2.xml": """
                <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>\
                <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="D1" t="s"><v>2</v></c></row>\
                <row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" s="1"><v>46085</v></c><c r="C2" t="s"><v>4</v></c><c r="D2"><v>45</v></c></row>\
                <row r="4"><c r="A4" t="inlineStr"><is><t>Stichting Zorgpunt</t></is></c><c r="B4" s="2"><v>46100.75</v></c>\
                <c r="D4"><v>2.5</v></c><c r="E4" t="str"><f>CONCAT("a","b")</f><v>ab</v></c></row>\
                <row r="5"><c r="A5" s="1"/></row></sheetData></worksheet>
                """,
        ]
        if let sheet { parts["xl/worksheets/sheet2.xml"] = sheet }
        return try zip(parts)
    }

    static func zip(_ parts: [String: String]) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, text) in parts {
            let bytes = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return try #require(archive.data)
    }

    @Test func theFirstSheetReadsAsExcelShowsIt() throws {
        let sheet = try XLSXSheet(try Self.excelLike())
        #expect(sheet.rows.map(\.number) == [1, 2, 4])  // the empty row 3 and the styled empty row 5 are no rows
        #expect(sheet.rows[0].cells == ["Organisatie", "Datum melding", "", "Minuten"])
        // 46085 is 2026-03-04 in the 1900 system (45658 is 2025-01-01); rich text joined, the phonetic hint left out.
        #expect(sheet.rows[1].cells == ["Gemeente Utrecht", "2026-03-04", "Pesten & treiteren", "45"])
        #expect(sheet.rows[2].cells == ["Stichting Zorgpunt", "2026-03-19", "", "2.5", "ab"])
    }

    @Test func the1904DateSystemIsHonoured() throws {
        let sheet = try XLSXSheet(try Self.excelLike(date1904: true))
        #expect(sheet.rows[1].cells[1] == "2030-03-05")  // 46085 days after 1904-01-01
    }

    @Test func whatVpWritesReadsBack() throws {
        let rows = [["section", "code", "count", "text"], ["cases", "bullying", "6", "Pesten <en> \"meer\" & zo"], ["work", "hours", "2.5", "regel\neen"],
                    ["x", "=SUM(A1)", "", "\u{7}bel"]]
        let data = try XLSXWorkbook.data(sheet: "Jaarverslag 2026", rows: rows, numeric: [2])
        let sheet = try XLSXSheet(data)
        #expect(sheet.rows.map(\.cells) == [rows[0], rows[1], rows[2], ["x", "=SUM(A1)", "", "bel"]])
        #expect(try XLSXWorkbook.data(sheet: "Jaarverslag 2026", rows: rows, numeric: [2]) == data, "the same rows give the same file")
        // A formula-looking text stays text: written as an inline string, never as <f>.
        let xml = XLSXWorkbook.worksheet(rows, numeric: [2])
        #expect(!xml.contains("<f>") && xml.contains("<c r=\"C2\"><v>6</v></c>") && xml.contains("t=\"inlineStr\" s=\"1\""))
    }

    /// A sheet is written on one line; libxml2 given tens of megabytes at once refused that
    /// line at its end (the 100,000-row benchmark register), so parts are parsed in chunks.
    @Test func aLargeSheetOnOneLineIsRead() throws {
        let rows = [["organisation", "opened", "summary"]] + (0..<90_000).map { ["Gemeente Utrecht", "2026-03-01", "Melding \($0) met wat tekst"] }
        let data = try XLSXWorkbook.data(sheet: "Register", rows: rows)
        #expect(XLSXWorkbook.worksheet(rows, numeric: []).utf8.count > 12_000_000)
        let sheet = try XLSXSheet(data)
        #expect(sheet.rows.count == rows.count && sheet.rows.last?.cells == rows.last)
    }

    @Test func whatIsNoWorkbookIsSaidSo() throws {
        #expect(throws: SpreadsheetError.notAWorkbook("it is not an .xlsx workbook (no ZIP archive)")) { try XLSXSheet(Data("a;b\n1;2\n".utf8)) }
        let archive = try Archive(data: Data(), accessMode: .create)
        let bytes = Data("hello".utf8)
        try archive.addEntry(with: "readme.txt", type: .file, uncompressedSize: Int64(bytes.count)) { _, _ in bytes }
        #expect(throws: SpreadsheetError.notAWorkbook("it has no xl/workbook.xml")) { try XLSXSheet(try #require(archive.data)) }
        // A cell far out would make every row that long: a few bytes that unpack to gigabytes.
        let far = "<worksheet><sheetData>" + (1...3).map { "<row r=\"\($0)\"><c r=\"XFD\($0)\" t=\"inlineStr\"><is><t>a</t></is></c></row>" }.joined() + "</sheetData></worksheet>"
        #expect(throws: SpreadsheetError.notAWorkbook("its sheet has cells beyond column 1024 or more than 20000000 cells")) { try XLSXSheet(try Self.excelLike(sheet: far)) }
        // Entities that expand without end are never parsed.
        let laughs = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]><worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&b;</t></is></c></row></sheetData></worksheet>"
        #expect(throws: SpreadsheetError.notAWorkbook("its part xl/worksheets/sheet2.xml declares a document type, which no workbook does")) {
            try XLSXSheet(try Self.excelLike(sheet: laughs))
        }
        // Cut short: the ZIP's directory at the end is gone.
        let whole = try Self.excelLike()
        #expect(throws: SpreadsheetError.self) { try XLSXSheet(whole.prefix(whole.count / 2)) }
    }

    @Test func columnsAndDates() {
        #expect(XLSXSheet.column("A1") == 0 && XLSXSheet.column("Z9") == 25 && XLSXSheet.column("AA3") == 26 && XLSXSheet.column("XFD1") == 16_383)
        #expect(XLSXWorkbook.columnName(0) == "A" && XLSXWorkbook.columnName(26) == "AA" && XLSXWorkbook.columnName(16_383) == "XFD")
        #expect(DateFormat.day(serial: 1, date1904: false) == "1900-01-01" && DateFormat.day(serial: 61, date1904: false) == "1900-03-01")
        #expect(DateFormat.day(serial: 45_658, date1904: false) == "2025-01-01")
        #expect(DateFormat.isDate("dd/mm/yyyy") && DateFormat.isDate("[$-413]d mmmm yyyy") && !DateFormat.isDate("0.00") && !DateFormat.isDate("\"day\" 0"))
    }
}
