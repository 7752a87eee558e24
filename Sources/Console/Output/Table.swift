import Casework

/// A plain text table: a header row, then rows, columns padded to their widest cell (in
/// terminal columns: an emoji takes two).
struct Table {
    let headers: [String]
    var rows: [[String]] = []

    init(_ headers: [String]) { self.headers = headers }

    /// Cells are made safe for the terminal first (`DisplayText.line`): a value cannot start
    /// a row of its own or send escape sequences.
    func rendered() -> String {
        let rows = rows.map { $0.map(DisplayText.line) }
        let widths = headers.indices.map { column in
            ([headers] + rows).map { DisplayWidth.of($0[column]) }.max() ?? 0
        }
        func format(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - DisplayWidth.of(cell))
            }.joined(separator: "  ")
        }
        return ([format(headers)] + rows.map(format)).joined(separator: "\n") + "\n"
    }
}
