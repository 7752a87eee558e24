import Foundation
import ZIPFoundation

/// The parts of an .xlsx file (a ZIP archive of XML parts), read with a limit on how much
/// each may grow to when unpacked, so a crafted file cannot fill the memory.
struct XLSXPackage {
    /// Far above any register (100,000 rows are about 30 MB of sheet XML).
    static let partLimit: UInt64 = 128 << 20

    private let archive: Archive

    init(_ data: Data) throws(SpreadsheetError) {
        guard data.starts(with: [0x50, 0x4B, 0x03, 0x04]), let archive = try? Archive(data: data, accessMode: .read) else {
            throw .notAWorkbook("it is not an .xlsx workbook (no ZIP archive)")
        }
        self.archive = archive
    }

    /// The bytes of part `path`; nil when the workbook has no such part.
    func part(_ path: String) throws(SpreadsheetError) -> Data? {
        guard let entry = archive[path] else { return nil }
        guard entry.uncompressedSize <= Self.partLimit else { throw .notAWorkbook("its part \(path) unpacks to more than 128 MB") }
        var bytes = Data()
        do {
            _ = try archive.extract(entry) { chunk in
                bytes.append(chunk)
                // The size in the header can lie; the bytes cannot.
                if UInt64(bytes.count) > Self.partLimit { throw SpreadsheetError.notAWorkbook("its part \(path) unpacks to more than 128 MB") }
            }
        } catch let error as SpreadsheetError {
            throw error
        } catch {
            throw .notAWorkbook("its part \(path) is damaged")
        }
        // No workbook part declares a document type; one that does could define entities
        // that expand without end.
        if bytes.range(of: Data("<!DOCTYPE".utf8)) != nil || bytes.range(of: Data("<!doctype".utf8)) != nil {
            throw .notAWorkbook("its part \(path) declares a document type, which no workbook does")
        }
        return bytes
    }
}
