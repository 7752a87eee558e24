/// Why a file could not be read as a workbook; the sentence names what is wrong.
public enum SpreadsheetError: Error, Equatable, Sendable {
    case notAWorkbook(String)
}
