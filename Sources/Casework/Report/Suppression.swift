/// Small-cell suppression for one breakdown of the annual report, so that no published
/// figure points to a person (DOMAIN.md, "The annual report").
///
/// 1. Primary: a count from 1 to threshold − 1 is hidden and shown as "< threshold".
/// 2. Secondary, only for a breakdown whose cells add up to the published total (one value
///    per case): while a hidden cell could be worked out from the total and the other cells,
///    the smallest shown non-zero cell is hidden too ("x"). A zero is never hidden: it
///    protects nobody, and since an "x" is then never 0 nor small, a reader knows it is at
///    least the threshold, which the check below takes into account.
/// A set field (several values per case, or none) has no total its cells add up to, so
/// nothing can be subtracted: only primary suppression applies.
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
    /// Returns nil when even hiding every non-zero cell would not do (e.g. 4 and 4 of a
    /// total of 8 at threshold 5: both must be 4): then the breakdown is withheld as a whole.
    public static func apply(_ counts: [Int], threshold: Int, total: Int?) -> [Cell]? {
        var cells: [Cell] = counts.map { (1..<threshold).contains($0) ? .small : .shown($0) }
        guard let total else { return cells }
        while cells.contains(where: \.isHidden), !Derivation.hiddenCellsAreSafe(cells, total: total, threshold: threshold) {
            // The smallest shown cell that is not zero.
            let candidates = cells.indices.filter { !cells[$0].isHidden && counts[$0] > 0 }
            guard let next = candidates.min(by: { (counts[$0], $0) < (counts[$1], $1) }) else { return nil }
            cells[next] = .complementary
        }
        return cells
    }
}

/// What a reader can work out from a published breakdown: each hidden cell's range, from
/// the label bounds ("< T" is 1…T−1; an "x" was a shown count, so never 0 nor small:
/// T…total) and the published total.
enum Derivation {
    static func bounds(_ cell: Suppression.Cell, total: Int, threshold: Int) -> ClosedRange<Int> {
        switch cell {
        case .shown(let value): value...value
        case .small: 1...(threshold - 1)
        case .complementary: threshold...max(threshold, total)
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
