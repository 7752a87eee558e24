import Testing
@testable import Casework

/// Issue 14, item 5: last year beside this year must not reveal a cell either year hides.
/// Checked by brute force: every pair of count vectors (this year, last year) that the
/// rule publishes as both columns show and that agrees with the changes.
@Suite struct YearComparisonTests {
    /// What a reader knows of one published cell: "< T" is 1…T−1, an "x" is T or more
    /// (zeros are never hidden), a shown count is itself.
    static func readerRange(_ cell: Suppression.Cell, threshold: Int, total: Int) -> ClosedRange<Int> {
        switch cell {
        case .shown(let value): value...value
        case .small: 1...(threshold - 1)
        case .complementary: threshold...max(threshold, total)
        }
    }

    /// Every count vector that adds up to `total` and that the rule publishes as `cells`
    /// (a reader knows the rule).
    static func assignments(_ cells: [Suppression.Cell], threshold: Int, total: Int) -> [[Int]] {
        let ranges = cells.map { readerRange($0, threshold: threshold, total: total) }
        var found: [[Int]] = []
        func search(_ index: Int, _ left: Int, _ chosen: [Int]) {
            guard index < ranges.count else {
                if left == 0, Suppression.hideUntilSafe(chosen, threshold: threshold, total: total) == cells { found.append(chosen) }
                return
            }
            for value in ranges[index] where value <= left { search(index + 1, left - value, chosen + [value]) }
        }
        search(0, total, [])
        return found
    }

    /// The hidden cells of either year that the two columns and `changes` pin to one value.
    static func derivable(_ now: [Suppression.Cell], _ then: [Suppression.Cell], changes: [Int?], totals: (Int, Int), thresholds: (Int, Int)) -> [String] {
        let nows = assignments(now, threshold: thresholds.0, total: totals.0)
        let thens = assignments(then, threshold: thresholds.1, total: totals.1)
        var seenNow = [Set<Int>](repeating: [], count: now.count)
        var seenThen = [Set<Int>](repeating: [], count: then.count)
        for a in nows {
            for b in thens where changes.indices.allSatisfy({ changes[$0] == nil || a[$0] - b[$0] == changes[$0] }) {
                for index in a.indices {
                    seenNow[index].insert(a[index])
                    seenThen[index].insert(b[index])
                }
            }
        }
        return now.indices.filter { now[$0].isHidden && seenNow[$0].count < 2 }.map { "this year's cell \($0)" }
            + then.indices.filter { then[$0].isHidden && seenThen[$0].count < 2 }.map { "last year's cell \($0)" }
    }

    @Test func propertyTwoYearsTogetherRevealNoHiddenCell() {
        var random = SplitMix(seed: UInt64.random(in: 0...UInt64(UInt32.max)))
        let seed = random.seed
        var compared = 0
        var naiveLeaks = 0
        for _ in 0..<400 {
            let size = Int.random(in: 2...5, using: &random)
            let thresholds = (Int.random(in: 3...6, using: &random), Int.random(in: 3...6, using: &random))
            let counts = (0..<2).map { _ in (0..<size).map { _ in Int.random(in: 0...3, using: &random) == 0 ? 0 : Int.random(in: 1...9, using: &random) } }
            let totals = (counts[0].reduce(0, +), counts[1].reduce(0, +))
            guard totals.0 >= thresholds.0, totals.1 >= thresholds.1,
                  let now = Suppression.apply(counts[0], threshold: thresholds.0, total: totals.0),
                  let then = Suppression.apply(counts[1], threshold: thresholds.1, total: totals.1)
            else { continue }
            compared += 1
            let changes = now.indices.map { PreviousYear.change(now[$0], then[$0]) }
            for (index, change) in changes.enumerated() where change != nil {
                #expect(change == counts[0][index] - counts[1][index], "seed \(seed)")
            }
            let leaks = Self.derivable(now, then, changes: changes, totals: totals, thresholds: thresholds)
            #expect(leaks.isEmpty, "seed \(seed): \(counts) → \(now) / \(then), changes \(changes): \(leaks)")
            // The oracle sees a leak when it is there: a change beside a hidden cell (the true
            // difference, as a careless report would print it) pins that cell.
            let naive = now.indices.map { index -> Int? in
                now[index].isHidden != then[index].isHidden ? counts[0][index] - counts[1][index] : changes[index]
            }
            if !Self.derivable(now, then, changes: naive, totals: totals, thresholds: thresholds).isEmpty { naiveLeaks += 1 }
        }
        #expect(compared > 100, "seed \(seed): only \(compared) pairs compared")
        #expect(naiveLeaks > 0, "seed \(seed): the oracle never caught the careless rule")
    }

    @Test func lastYearsCellIsLookedUpByRoleDimensionAndCode() {
        let row = AnnualReport.Row(code: "bullying", cell: .shown(6))
        let part = AnnualReport.RolePart(role: "integrity", casesOpened: .shown(7), breakdowns: [AnnualReport.Breakdown(dimension: "category", rows: [row])])
        let last = PreviousYear(year: 2025, threshold: 5, casesOpened: .shown(12), breakdowns: [AnnualReport.Breakdown(dimension: "category", rows: [row])],
                                roleParts: [part], contacts: nil, supportHours: nil, activityHours: 0, audience: 0)
        #expect(last.cell(role: nil, dimension: "category", code: "bullying") == .shown(6))
        #expect(last.cell(role: "integrity", dimension: nil, code: "") == .shown(7))
        #expect(last.cell(role: "undesirable_behaviour", dimension: "category", code: "bullying") == nil)
        #expect(last.cell(role: nil, dimension: "channel", code: "phone") == nil)
        #expect(PreviousYear.change(.shown(9), .shown(12)) == -3)
        #expect(PreviousYear.change(.small, .shown(12)) == nil && PreviousYear.change(.shown(9), .complementary) == nil && PreviousYear.change(.shown(9), nil) == nil)
    }
}
