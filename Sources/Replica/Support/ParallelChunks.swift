import Dispatch

/// Runs a transform over chunks of an array on every core, results in chunk order.
/// One-shot commands spend most of their time decoding every record; this halves it on
/// two cores.
public enum ParallelChunks {
    public static func map<Item: Sendable, Output: Sendable>(
        _ items: [Item], minimumChunk: Int = 512, _ transform: @Sendable (ArraySlice<Item>) throws -> Output
    ) throws -> [Output] {
        let cores = max(1, System.coreCount)
        let chunkCount = max(1, min(items.count / minimumChunk, cores * 2))
        let chunkSize = (items.count + chunkCount - 1) / chunkCount
        let slots = Slots<Output>(count: chunkCount)
        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
            let range = min(chunk * chunkSize, items.count)..<min((chunk + 1) * chunkSize, items.count)
            slots.store(chunk, Result { try transform(items[range]) })
        }
        return try slots.results.map { try $0!.get() }
    }
}

enum System {
    static let coreCount: Int = {
        #if canImport(Glibc)
        Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        #else
        1
        #endif
    }()
}

#if canImport(Glibc)
import Glibc
#endif

/// One slot per chunk, each written by exactly one worker.
///
/// `@unchecked Sendable`: every access goes through the lock.
private final class Slots<Output: Sendable>: @unchecked Sendable {
    private var slots: [Result<Output, Error>?]
    private let lock = NSLockLike()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func store(_ index: Int, _ result: Result<Output, Error>) {
        lock.withLock { slots[index] = result }
    }

    var results: [Result<Output, Error>?] { lock.withLock { slots } }
}

/// A pthread mutex, so that the data core need not import Foundation.
private final class NSLockLike: @unchecked Sendable {
    private var mutex = pthread_mutex_t()

    init() { pthread_mutex_init(&mutex, nil) }
    deinit { pthread_mutex_destroy(&mutex) }

    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return try body()
    }
}
