import Testing
@testable import Casework

@Suite struct SuppressionTests {
    @Test func aSmallCountIsHiddenAndASecondCellWithIt() {
        let cells = Suppression.apply([10, 3, 0], threshold: 5, total: 13)
        #expect(cells == [.complementary, .small, .shown(0)])
    }

    @Test func twoSmallCellsThatTheTotalWouldPinDownAreNotSavedByAThird() throws {
        // 10 shown and total 12 would leave 2 for two cells of at least 1: both 1. Hiding
        // the 10 as well looks safe by the labels alone, but a reader who knows the rule
        // knows the 10 was hidden only because the small two were pinned: withheld.
        #expect(Derivation.hiddenCellsAreSafe([.complementary, .small, .small, .shown(0)], total: 12, threshold: 5))
        #expect(Suppression.apply([10, 1, 1, 0], threshold: 5, total: 12) == nil)
        // A lone small cell: the next smallest is hidden with it, and every count from 5 to
        // 8 for it would have been published the same way.
        #expect(Suppression.apply([7, 2, 9], threshold: 5, total: 18) == [.complementary, .small, .shown(9)])
    }

    @Test func setFieldsHideOnlySmallCountsForNothingAddsUpToATotal() {
        // Several values in a case: nothing to subtract from (AnnualReport decides when).
        #expect(Suppression.apply([7, 2, 9], threshold: 5, total: nil) == [.shown(7), .small, .shown(9)])
        #expect(Suppression.apply([6, 1, 0], threshold: 5, total: nil) == [.shown(6), .small, .shown(0)])
    }

    /// An "x" is a count that would have been shown, so at least the threshold: hiding 5
    /// beside a lone 1 of 6 says "5 and 1" to anyone who knows the rule. The rule before
    /// published [0, x, < 5] here, reckoning an x could be anything from 0 to the total.
    @Test func anXIsAtLeastTheThreshold() {
        #expect(Suppression.apply([0, 5, 1], threshold: 5, total: 6) == nil)
        #expect(!Derivation.hiddenCellsAreSafe([.shown(0), .complementary, .small], total: 6, threshold: 5))
        #expect(Derivation.hiddenCellsAreSafe([.complementary, .small, .small], total: 8, threshold: 5))
    }

    /// Rule 3 (review of session 9): a reader who knows the rule knows an x is at most the
    /// counts still shown, and that hiding stopped once the cells were safe.
    @Test func whatTheRuleItselfGivesAwayIsWithheld() {
        // [< 5, x, 5, 0] of 12: the x is 5 (at least 5, at most the shown 5), so the < 5 is 2.
        let withCap = Suppression.apply([2, 5, 5, 0], threshold: 5, total: 12)
        #expect(withCap != [.small, .complementary, .shown(5), .shown(0)])
        // [< 5, < 5, x] of 8: the x is only there because the two small ones alone were pinned: 1 and 1.
        #expect(Suppression.apply([1, 1, 6], threshold: 5, total: 8) == nil)
        // The same pattern from [1, 2, 5] is never published: that one stops at [< 5, < 5, 5].
        #expect(Suppression.apply([1, 2, 5], threshold: 5, total: 8) == [.small, .small, .shown(5)])
    }

    @Test func aZeroIsNeverHidden() throws {
        // 4 and 4 of 8 beside zeros: hiding a zero would be the only way left, so the
        // breakdown is withheld instead of showing an "x" that stands for nothing.
        #expect(Suppression.apply([4, 4, 0, 0], threshold: 5, total: 8) == nil)
        let cells = try #require(Suppression.apply([0, 6, 2, 0], threshold: 5, total: 8))
        #expect(cells == [.shown(0), .complementary, .small, .shown(0)])
    }

    @Test func aBreakdownThatCannotBeHiddenSafelyIsWithheld() {
        // 4 and 4 of 8 at threshold 5: "< 5" twice adding up to 8 means 4 and 4.
        #expect(Suppression.apply([4, 4], threshold: 5, total: 8) == nil)
        #expect(Suppression.apply([4, 4], threshold: 5, total: nil) == [.small, .small])
    }

    @Test func theThresholdIsHonoured() {
        #expect(Suppression.apply([6, 9], threshold: 7, total: 15) == [.small, .complementary])
        #expect(Suppression.apply([6, 9], threshold: 5, total: 15) == [.shown(6), .shown(9)])
    }

    /// Random breakdowns: nothing from 1 to threshold − 1 is ever shown, and no hidden cell
    /// can be worked out. Checked by brute force over every assignment the published
    /// figures allow, not by the interval rule the implementation uses.
    @Test func propertyNoSmallFigureShownAndNoHiddenFigureDerivable() {
        var random = SplitMix(seed: UInt64.random(in: 0...UInt64(UInt32.max)))
        let seed = random.seed
        var withheld = 0
        defer { #expect(withheld < 100, "seed \(seed): \(withheld) of 1,000 breakdowns withheld whole; too cautious") }
        for _ in 0..<1_000 {
            let threshold = Int.random(in: 3...7, using: &random)
            let cells = Int.random(in: 1...6, using: &random)
            let counts = (0..<cells).map { _ in Int.random(in: 0...3, using: &random) == 0 ? 0 : Int.random(in: 1...12, using: &random) }
            let total = counts.reduce(0, +)
            // With fewer cases than the threshold the report shows no breakdown at all
            // (AnnualReportTests); the total is published only from the threshold up.
            guard total >= threshold else { continue }
            guard let published = Suppression.apply(counts, threshold: threshold, total: total) else {
                withheld += 1  // nothing published at all
                continue
            }
            for (count, cell) in zip(counts, published) {
                if count == 0 { #expect(cell == .shown(0), "seed \(seed): a hidden zero in \(counts) → \(published)") }
                if case .shown(let value) = cell {
                    #expect(value == count && !(1..<threshold).contains(value), "seed \(seed): \(counts) → \(published)")
                }
            }
            let hidden = published.indices.filter { published[$0].isHidden }
            guard !hidden.isEmpty else { continue }
            #expect(hidden.count >= 2, "seed \(seed): a lone hidden cell in \(counts) → \(published)")
            // Every vector a reader who knows the rule could suspect: within the labels, adding
            // up to the total, and published exactly so by the rule.
            let ranges = published.map { cell -> ClosedRange<Int> in
                switch cell {
                case .shown(let value): value...value
                case .small: 1...(threshold - 1)
                case .complementary: threshold...max(threshold, total)  // zeros are never hidden
                }
            }
            var possible = [Set<Int>](repeating: [], count: hidden.count)
            func search(_ index: Int, _ chosen: [Int]) {
                guard index < counts.count else {
                    if chosen.reduce(0, +) == total, Suppression.hideUntilSafe(chosen, threshold: threshold, total: total) == published {
                        for (slot, cell) in hidden.enumerated() { possible[slot].insert(chosen[cell]) }
                    }
                    return
                }
                for value in ranges[index] where chosen.reduce(0, +) + value <= total { search(index + 1, chosen + [value]) }
            }
            search(0, [])
            for (slot, values) in possible.enumerated() {
                #expect(values.count >= 2, "seed \(seed): hidden cell \(hidden[slot]) of \(counts) is derivable (\(values)) → \(published)")
            }
        }
    }
}

/// A seeded generator whose seed goes into every failure message.
struct SplitMix: RandomNumberGenerator {
    let seed: UInt64
    private var state: UInt64

    init(seed: UInt64) {
        self.seed = seed
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
