import Synchronization

/// At most `perMinute` requests per device at this instance: a token bucket per device,
/// refilled continuously. Kept in memory: behind several instances a device gets that many
/// at each, which still bounds what one key can make the relay do.
final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: UInt64
    }

    private let perMinute: Double
    private let buckets = Mutex<[[UInt8]: Bucket]>([:])

    init(perMinute: Int) { self.perMinute = Double(max(1, perMinute)) }

    /// Takes one request from `device`'s bucket at `now` (milliseconds); the seconds to
    /// wait when it is empty.
    func take(_ device: [UInt8], now: UInt64) -> Int? {
        buckets.withLock { buckets in
            // Full buckets are forgotten now and then, so idle devices cost no memory.
            if buckets.count > 10_000 { buckets = buckets.filter { refilled($0.value, now: now) < perMinute } }
            var bucket = buckets[device].map { Bucket(tokens: refilled($0, now: now), updated: now) }
                ?? Bucket(tokens: perMinute, updated: now)
            defer { buckets[device] = bucket }
            guard bucket.tokens >= 1 else { return Int(((1 - bucket.tokens) * 60 / perMinute).rounded(.up)) }
            bucket.tokens -= 1
            return nil
        }
    }

    private func refilled(_ bucket: Bucket, now: UInt64) -> Double {
        let elapsed = Double(now > bucket.updated ? now - bucket.updated : 0) / 60_000
        return min(perMinute, bucket.tokens + elapsed * perMinute)
    }
}
