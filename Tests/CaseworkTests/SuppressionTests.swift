import Testing
@testable import Casework

@Suite struct SuppressionTests {
    @Test func aSmallCountIsHiddenAndASecondCellWithIt() {
        let cells = Suppression.apply([10, 3, 0], threshold: 5, total: 13)
        #expect(cells == [.complementary, .small, .shown(0)])
    }

    @Test func twoSmallCellsThatTheTotalWouldPinDownGetAThirdHidden() throws {
        // 10 shown and total 12 would leave 2 for two cells of at least 1: both 1.
        let cells = try #require(Suppression.apply([10, 1, 1, 0], threshold: 5, total: 12))
        #expect(cells == [.complementary, .small, .small, .shown(0)])
        #expect(Derivation.hiddenCellsAreSafe(cells, total: 12, threshold: 5))
    }

    @Test func setFieldsHideOnlySmallCountsForNothingAddsUpToATotal() {
        // The main subject of a small organisation stays visible.
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
            let remaining = total - zip(counts, published).filter { !$0.1.isHidden }.map(\.0).reduce(0, +)
            // What a reader knows of a hidden cell: "< T" is 1…T−1; an "x" is a count that
            // would have been shown, and zeros always are, so it is T or more.
            let ranges = hidden.map { published[$0] == .small ? 1...(threshold - 1) : threshold...max(threshold, total) }
            var possible = [Set<Int>](repeating: [], count: hidden.count)
            func search(_ index: Int, _ left: Int, _ chosen: [Int]) {
                if index == hidden.count {
                    if left == 0 { for (slot, value) in chosen.enumerated() { possible[slot].insert(value) } }
                    return
                }
                for value in ranges[index] where value <= left { search(index + 1, left - value, chosen + [value]) }
            }
            search(0, remaining, [])
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
