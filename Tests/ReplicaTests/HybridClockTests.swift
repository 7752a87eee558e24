import Identifiers
import Testing
@testable import Replica

@Suite struct HybridClockTests {
    @Test func ticksIncreaseEvenWhenTheWallClockGoesBack() {
        var clock = HybridClock(device: DeviceID(rawValue: 7))
        let first = clock.tick(wallMilliseconds: 1_000)
        let second = clock.tick(wallMilliseconds: 900)
        let third = clock.tick(wallMilliseconds: 1_000)
        #expect(first < second && second < third)
        #expect(second.timestamp.milliseconds == 1_000 && second.timestamp.counter == 1)
    }

    @Test func observingARemoteTimestampMovesLocalTicksPastIt() {
        var clock = HybridClock(device: DeviceID(rawValue: 7))
        clock.observe(HybridTimestamp(milliseconds: 5_000, counter: 3))
        let next = clock.tick(wallMilliseconds: 1_000)
        #expect(next.timestamp == HybridTimestamp(milliseconds: 5_000, counter: 4))
    }

    @Test func counterOverflowCarriesIntoMilliseconds() {
        var clock = HybridClock(device: DeviceID(rawValue: 7), last: HybridTimestamp(milliseconds: 10, counter: .max))
        #expect(clock.tick(wallMilliseconds: 10).timestamp == HybridTimestamp(milliseconds: 11, counter: 0))
    }

    @Test func theClockSaturatesAtTheEndOfItsRangeInsteadOfWrapping() {
        let end = HybridTimestamp(milliseconds: HybridTimestamp.maximumMilliseconds, counter: .max)
        var clock = HybridClock(device: DeviceID(rawValue: 7), last: end)
        #expect(clock.isExhausted)
        #expect(clock.tick(wallMilliseconds: 1_000).timestamp == end)  // before: wrapped to zero
        var wallAtEnd = HybridClock(device: DeviceID(rawValue: 7))
        #expect(wallAtEnd.tick(wallMilliseconds: .max).timestamp.milliseconds == HybridTimestamp.maximumMilliseconds)
        #expect(!HybridClock(device: DeviceID(rawValue: 7), last: HybridTimestamp(milliseconds: 1_800_000_000_000, counter: 0)).isExhausted)
    }
}
