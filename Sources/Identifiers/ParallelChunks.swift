import Dispatch
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Runs a transform over chunks of an array on every core, results in chunk order.
/// One-shot commands spend most of their time decoding every record; this halves it on
/// two cores. Typed throws: a transform that cannot fail gives a call that cannot fail.
public enum ParallelChunks {
    /// The cores this machine has online.
    public static let coreCount: Int = {
        #if canImport(Glibc)
        Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        #else
        1
        #endif
    }()

    public static func map<Item: Sendable, Output: Sendable, Failure: Error>(
        _ items: [Item], minimumChunk: Int = 512, _ transform: @Sendable (ArraySlice<Item>) throws(Failure) -> Output
    ) throws(Failure) -> [Output] {
        let cores = max(1, coreCount)
        let chunkCount = max(1, min(items.count / minimumChunk, cores * 2))
        let chunkSize = (items.count + chunkCount - 1) / chunkCount
        let slots = Mutex<[Result<Output, Failure>?]>(Array(repeating: nil, count: chunkCount))
        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
            let range = min(chunk * chunkSize, items.count)..<min((chunk + 1) * chunkSize, items.count)
            let result = Result { () throws(Failure) -> Output in try transform(items[range]) }
            slots.withLock { $0[chunk] = result }
        }
        // concurrentPerform returns only after every iteration, so every slot is filled.
        return try slots.withLock { $0 }.map { (slot) throws(Failure) -> Output in try slot!.get() }
    }
}
