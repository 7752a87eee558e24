/// Small-cell suppression for one breakdown of the annual report, so that no published
/// figure points to a person (DOMAIN.md, "The annual report").
///
/// 1. Primary: a count from 1 to threshold − 1 is hidden and shown as "< threshold".
/// 2. Secondary, only for a breakdown whose cells add up to a total (one value per case):
///    while a hidden cell could be worked out from the total and the other cells, the
///    smallest shown non-zero cell is hidden too ("x"). A zero is never hidden: it protects
///    nobody, and a reader then knows an "x" is neither 0 nor small.
/// 3. A reader who knows rule 2 knows more than the cells say: an "x" is no larger than
///    any count still shown, and hiding stopped as soon as the cells were safe. Every count
///    vector that rule 2 would publish the same way is tried; if one hidden cell has the same
///    value in all of them, the breakdown is withheld.
/// A set field with several values in a case has no total its cells add up to, so nothing
/// can be subtracted: only primary suppression applies.
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
    /// total a reader knows or can assume (each case counted once), to subtract from.
    /// Returns nil when no way of hiding keeps every hidden cell uncertain (e.g. 4 and 4
    /// of a total of 8 at threshold 5: both must be 4): then the breakdown is withheld.
    public static func apply(_ counts: [Int], threshold: Int, total: Int?) -> [Cell]? {
        guard let total else { return primary(counts, threshold: threshold) }
        guard let cells = hideUntilSafe(counts, threshold: threshold, total: total),
              Derivation.survivesAReaderWhoKnowsTheRule(cells, total: total, threshold: threshold)
        else { return nil }
        return cells
    }

    static func primary(_ counts: [Int], threshold: Int) -> [Cell] {
        counts.map { (1..<threshold).contains($0) ? .small : .shown($0) }
    }

    /// Rules 1 and 2; nil when only zeros are left to hide and a hidden cell is still pinned.
    static func hideUntilSafe(_ counts: [Int], threshold: Int, total: Int) -> [Cell]? {
        var cells = primary(counts, threshold: threshold)
        while cells.contains(where: \.isHidden), !Derivation.hiddenCellsAreSafe(cells, total: total, threshold: threshold) {
            // The smallest shown cell that is not zero (the first of equals).
            let candidates = cells.indices.filter { !cells[$0].isHidden && counts[$0] > 0 }
            guard let next = candidates.min(by: { (counts[$0], $0) < (counts[$1], $1) }) else { return nil }
            cells[next] = .complementary
        }
        return cells
    }
}

/// What a reader can work out from a published breakdown whose cells add up to `total`.
enum Derivation {
    /// Each cell's possible values as its label and rule 2 say: a shown count is itself,
    /// "< T" is 1…T−1, and an "x" was hidden before every count still shown, so it is at
    /// least T and at most each shown non-zero count (one less than one shown before it).
    static func ranges(_ cells: [Suppression.Cell], total: Int, threshold: Int) -> [ClosedRange<Int>] {
        cells.indices.map { index in
            switch cells[index] {
            case .shown(let value): return value...value
            case .small: return 1...(threshold - 1)
            case .complementary:
                var cap = total
                for (other, cell) in cells.enumerated() {
                    if case .shown(let value) = cell, value > 0 { cap = min(cap, other < index ? value - 1 : value) }
                }
                return threshold...max(threshold, cap)
            }
        }
    }

    /// True when no hidden cell is pinned to a single value by the ranges and the total.
    static func hiddenCellsAreSafe(_ cells: [Suppression.Cell], total: Int, threshold: Int) -> Bool {
        let ranges = ranges(cells, total: total, threshold: threshold)
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

    /// Rule 3: tries every count vector within the ranges that adds up to `total` and that
    /// rules 1 and 2 publish as `cells`; each hidden cell must take at least two values
    /// among them. Beyond `budget` vectors it gives up, and the breakdown is withheld.
    static func survivesAReaderWhoKnowsTheRule(_ cells: [Suppression.Cell], total: Int, threshold: Int, budget: Int = 200_000) -> Bool {
        let hidden = cells.indices.filter { cells[$0].isHidden }
        guard !hidden.isEmpty else { return true }
        let ranges = ranges(cells, total: total, threshold: threshold)
        var counts = ranges.map(\.lowerBound)
        let remaining = total - cells.indices.filter { !cells[$0].isHidden }.map { ranges[$0].lowerBound }.reduce(0, +)
        var seen = [Set<Int>](repeating: [], count: hidden.count)
        var tried = 0
        // Sums still reachable by the hidden cells from position `slot` on.
        let lows = (0...hidden.count).map { slot in hidden[slot...].map { ranges[$0].lowerBound }.reduce(0, +) }
        let highs = (0...hidden.count).map { slot in hidden[slot...].map { ranges[$0].upperBound }.reduce(0, +) }
        func search(_ slot: Int, _ left: Int) -> Bool {
            guard slot < hidden.count else {
                tried += 1
                if Suppression.hideUntilSafe(counts, threshold: threshold, total: total) == cells {
                    for (position, index) in hidden.enumerated() { seen[position].insert(counts[index]) }
                }
                return tried <= budget
            }
            let range = ranges[hidden[slot]]
            let low = max(range.lowerBound, left - highs[slot + 1])
            let high = min(range.upperBound, left - lows[slot + 1])
            guard low <= high else { return true }
            for value in low...high {
                counts[hidden[slot]] = value
                guard search(slot + 1, left - value) else { return false }
            }
            return true
        }
        guard search(0, remaining) else { return false }
        return seen.allSatisfy { $0.count >= 2 }
    }
}
