import Synchronization

/// At most `perMinute` requests per device at this instance: a token bucket per device,
/// refilled continuously. Kept in memory: behind several instances a device gets that many
/// at each, which still bounds what one key can make the relay do.
final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: UInt64
    }

    private struct Buckets {
        var byDevice: [[UInt8]: Bucket] = [:]
        /// The count at which idle (full) buckets are next dropped; it grows with the active
        /// ones, so a crowd of busy devices does not make every request sweep them all.
        var pruneAt = 10_000
    }

    private let perMinute: Double
    private let buckets = Mutex(Buckets())

    init(perMinute: Int) { self.perMinute = Double(max(1, perMinute)) }

    /// Takes one request from `device`'s bucket at `now` (milliseconds); the seconds to
    /// wait when it is empty.
    func take(_ device: [UInt8], now: UInt64) -> Int? {
        buckets.withLock { buckets in
            // Full buckets are forgotten now and then, so idle devices cost no memory.
            if buckets.byDevice.count >= buckets.pruneAt {
                buckets.byDevice = buckets.byDevice.filter { refilled($0.value, now: now) < perMinute }
                buckets.pruneAt = max(10_000, buckets.byDevice.count * 2)
            }
            var bucket = buckets.byDevice[device].map { Bucket(tokens: refilled($0, now: now), updated: now) }
                ?? Bucket(tokens: perMinute, updated: now)
            defer { buckets.byDevice[device] = bucket }
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
