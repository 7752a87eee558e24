import Dispatch
import Synchronization

/// A computation started on another thread at once and waited for later, so that a pure
/// step (sealing, say) overlaps one that must stay on the database's thread.
public final class Background<Value: Sendable>: Sendable {
    private let outcome = Mutex<Result<Value, any Error>?>(nil)
    private let finished = DispatchSemaphore(value: 0)

    public init(_ work: @escaping @Sendable () throws -> Value) {
        DispatchQueue.global().async { [self] in
            let result = Result { try work() }
            outcome.withLock { $0 = result }
            finished.signal()
        }
    }

    /// Waits for the computation and returns what it gave (or throws what it threw).
    public func value() throws -> Value {
        finished.wait()
        finished.signal()  // a later call returns at once
        return try outcome.withLock { $0! }.get()
    }
}
