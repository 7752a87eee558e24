/// Small-cell suppression for one breakdown of the annual report, so that no published
/// figure points to a person (DOMAIN.md, "The annual report").
///
/// 1. Primary: a count from 1 to threshold − 1 is hidden and shown as "< threshold".
/// 2. Secondary: when a breakdown hides exactly one cell, or when (for a breakdown whose
///    cells add up to the published total) a hidden cell could be worked out from the total
///    and the other cells, further cells are hidden, smallest first, until none can.
public enum Suppression {
    public static let defaultThreshold = 5
    public static let minimumThreshold = 3

    public enum Cell: Hashable, Sendable {
        case shown(Int)
        /// Hidden because it is small: 1 … threshold − 1.
        case small
        /// Hidden so that a small cell cannot be worked out; its size is not said.
        case complementary

        public var isHidden: Bool { if case .shown = self { false } else { true } }
    }

    /// Suppresses `counts`. `total` is given when the cells of this breakdown add up to a
    /// published total (each case counted once), which an attacker could subtract from.
    /// Returns nil when even hiding every cell would not do (e.g. 4 and 4 of a total of 8 at
    /// threshold 5: both must be 4): then the breakdown is withheld as a whole.
    public static func apply(_ counts: [Int], threshold: Int, total: Int?) -> [Cell]? {
        var cells: [Cell] = counts.map { (1..<threshold).contains($0) ? .small : .shown($0) }
        func hiddenCount() -> Int { cells.filter(\.isHidden).count }
        func hideNext() -> Bool {
            // The smallest shown cell, preferring non-zero ones (hiding a zero adds little).
            let candidates = cells.indices.filter { !cells[$0].isHidden }
            guard let next = candidates.min(by: { (counts[$0] == 0 ? Int.max : counts[$0], $0) < (counts[$1] == 0 ? Int.max : counts[$1], $1) }) else {
                return false
            }
            cells[next] = .complementary
            return true
        }
        if hiddenCount() == 1 { _ = hideNext() }
        if let total {
            while hiddenCount() > 0, !Derivation.hiddenCellsAreSafe(cells, total: total, threshold: threshold) {
                guard hideNext() else { return nil }
            }
        }
        return cells
    }
}

/// What a reader can work out from a published breakdown: each hidden cell's range, from
/// the label bounds ("< T" is 1…T−1, a complementary cell 0…total) and the published total.
enum Derivation {
    static func bounds(_ cell: Suppression.Cell, total: Int, threshold: Int) -> ClosedRange<Int> {
        switch cell {
        case .shown(let value): value...value
        case .small: 1...(threshold - 1)
        case .complementary: 0...total
        }
    }

    /// True when no hidden cell is pinned to a single value by the interval constraints.
    static func hiddenCellsAreSafe(_ cells: [Suppression.Cell], total: Int, threshold: Int) -> Bool {
        let ranges = cells.map { bounds($0, total: total, threshold: threshold) }
        let remaining = total - ranges.enumerated().filter { !cells[$0.offset].isHidden }.map(\.element.lowerBound).reduce(0, +)
        let hidden = cells.indices.filter { cells[$0].isHidden }
        for index in hidden {
            let others = hidden.filter { $0 != index }
            let low = max(ranges[index].lowerBound, remaining - others.map { ranges[$0].upperBound }.reduce(0, +))
            let high = min(ranges[index].upperBound, remaining - others.map { ranges[$0].lowerBound }.reduce(0, +))
            if low >= high { return false }
        }
        return true
    }
}
