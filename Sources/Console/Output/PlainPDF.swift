/// A plain PDF of text lines: A4, Helvetica 10 pt, long lines wrapped, as many pages as
/// needed. Enough for a document a person prints or keeps, without a dependency. Text is
/// written in WinAnsi (Latin-1 letters such as é and ë keep their shape; other characters
/// become '?').
enum PlainPDF {
    static let charactersPerLine = 95
    static let linesPerPage = 56

    static func render(title: String, lines: [String]) -> [UInt8] {
        let wrapped = ([title, ""] + lines).flatMap(wrap)
        let pages = stride(from: 0, to: max(wrapped.count, 1), by: linesPerPage).map { Array(wrapped[$0..<min($0 + linesPerPage, wrapped.count)]) }
        // Objects: 1 catalog, 2 page tree, 3 font, then a page and its content per page.
        var objects: [[UInt8]] = [
            bytes("<< /Type /Catalog /Pages 2 0 R >>"),
            bytes("<< /Type /Pages /Kids [" + pages.indices.map { "\(4 + 2 * $0) 0 R" }.joined(separator: " ") + "] /Count \(pages.count) >>"),
            bytes("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"),
        ]
        for (index, page) in pages.enumerated() {
            objects.append(bytes("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents \(5 + 2 * index) 0 R >>"))
            var content = bytes("BT\n/F1 10 Tf\n13 TL\n50 792 Td\n")
            for line in page { content += bytes("(") + escaped(line) + bytes(") Tj T*\n") }
            content += bytes("ET\n")
            objects.append(bytes("<< /Length \(content.count) >>\nstream\n") + content + bytes("endstream"))
        }
        var document = bytes("%PDF-1.4\n")
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(document.count)
            document += bytes("\(index + 1) 0 obj\n") + object + bytes("\nendobj\n")
        }
        let table = document.count
        document += bytes("xref\n0 \(objects.count + 1)\n0000000000 65535 f \n")
        for offset in offsets { document += bytes(String(repeating: "0", count: 10 - String(offset).count) + "\(offset) 00000 n \n") }
        document += bytes("trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(table)\n%%EOF\n")
        return document
    }

    private static func wrap(_ line: String) -> [String] {
        var result: [String] = []
        for paragraph in line.split(separator: "\n", omittingEmptySubsequences: false) {
            var current = ""
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: false) {
                if !current.isEmpty && current.count + 1 + word.count > charactersPerLine {
                    result.append(current)
                    current = ""
                }
                current += (current.isEmpty ? "" : " ") + word
                while current.count > charactersPerLine {
                    result.append(String(current.prefix(charactersPerLine)))
                    current = String(current.dropFirst(charactersPerLine))
                }
            }
            result.append(current)
        }
        return result
    }

    /// A PDF string's bytes: WinAnsi, with the delimiters escaped and control characters dropped.
    private static func escaped(_ text: String) -> [UInt8] {
        text.unicodeScalars.flatMap { scalar -> [UInt8] in
            switch scalar.value {
            case 0x28, 0x29, 0x5C: [0x5C, UInt8(scalar.value)]
            case 0x20...0x7E, 0xA0...0xFF: [UInt8(scalar.value)]
            case 0..<0x20, 0x7F..<0xA0: []
            default: [0x3F]
            }
        }
    }

    private static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
}
