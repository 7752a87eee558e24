import Foundation
import ZIPFoundation

/// Writes rows as a one-sheet .xlsx workbook: the header row bold, the cells of `numeric`
/// columns that hold a number as numbers, everything else as text. Text is never taken
/// for a formula (inline strings), so opening the file runs nothing.
public enum XLSXWorkbook {
    public static func data(sheet name: String, rows: [[String]], numeric: Set<Int> = []) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        let parts: [(String, String)] = [
            ("[Content_Types].xml", contentTypes),
            ("_rels/.rels", packageRelations),
            ("xl/workbook.xml", workbook(sheetName(name))),
            ("xl/_rels/workbook.xml.rels", workbookRelations),
            ("xl/styles.xml", styles),
            ("xl/worksheets/sheet1.xml", worksheet(rows, numeric: numeric)),
        ]
        // A fixed date: the same rows give the same file.
        let written = Date(timeIntervalSince1970: 1_577_836_800)
        for (path, text) in parts {
            let bytes = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count), modificationDate: written,
                                 compressionMethod: .deflate) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw SpreadsheetError.notAWorkbook("the workbook could not be put together") }
        return data
    }

    /// Excel's rules: at most 31 characters, none of []:*?/\.
    static func sheetName(_ name: String) -> String {
        String(name.filter { !"[]:*?/\\".contains($0) }.prefix(31))
    }

    static func worksheet(_ rows: [[String]], numeric: Set<Int>) -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"\(main)\"><sheetData>"
        for (index, row) in rows.enumerated() {
            xml += "<row r=\"\(index + 1)\">"
            for (column, value) in row.enumerated() {
                let reference = columnName(column) + String(index + 1)
                let bold = index == 0 ? " s=\"1\"" : ""
                if index > 0, numeric.contains(column), value.allSatisfy({ "0123456789.-".contains($0) }), Double(value) != nil {
                    xml += "<c r=\"\(reference)\"><v>\(value)</v></c>"
                } else if !value.isEmpty {
                    xml += "<c r=\"\(reference)\" t=\"inlineStr\"\(bold)><is><t xml:space=\"preserve\">\(escape(value))</t></is></c>"
                }
            }
            xml += "</row>"
        }
        return xml + "</sheetData></worksheet>"
    }

    /// 0 → "A", 26 → "AA".
    static func columnName(_ index: Int) -> String {
        var name = "", rest = index + 1
        while rest > 0 {
            let remainder = (rest - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + remainder))) + name
            rest = (rest - 1) / 26
        }
        return name
    }

    /// Escapes markup and drops characters XML 1.0 cannot hold.
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF: break
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

    static let contentTypes = declaration + """
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
        <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
        <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
        </Types>
        """

    static let packageRelations = declaration + """
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="\(relationships)/officeDocument" Target="xl/workbook.xml"/></Relationships>
        """

    static func workbook(_ sheet: String) -> String {
        declaration + "<workbook xmlns=\"\(main)\" xmlns:r=\"\(relationships)\"><sheets><sheet name=\"\(escape(sheet))\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
    }

    static let workbookRelations = declaration + """
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="\(relationships)/worksheet" Target="worksheets/sheet1.xml"/>\
        <Relationship Id="rId2" Type="\(relationships)/styles" Target="styles.xml"/></Relationships>
        """

    static let styles = declaration + """
        <styleSheet xmlns="\(main)"><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>\
        <font><b/><sz val="11"/><name val="Calibri"/></font></fonts>\
        <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
        <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
        <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>\
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>
        """
}
