import Foundation
import Identifiers
import ServiceLifecycle
import Synchronization

/// Wakes pulls that wait for a caseload's next envelope. A push at this instance announces
/// it here; with PostgreSQL, pushes at other instances arrive through LISTEN/NOTIFY. The
/// news carries no more than "something new in this caseload": a woken client pulls from
/// its own cursor, so a lost or doubled announcement costs only time.
public final class CaseloadNews: Sendable {
    private struct Caseload {
        var generation: UInt64 = 0
        var waiters: [UUID: CheckedContinuation<Void, Never>] = [:]
    }

    private struct State {
        var caseloads: [CaseloadID: Caseload] = [:]
        /// The count at which caseloads nobody waits for are next forgotten (see `wait`).
        var pruneAt = 10_000
    }

    private let state = Mutex(State())

    public init() {}

    /// Taken before looking for envelopes: a wait with it returns at once if news came since.
    func generation(_ caseload: CaseloadID) -> UInt64 {
        state.withLock { $0.caseloads[caseload]?.generation ?? 0 }
    }

    /// Pulls waiting here now (for the operator's metrics).
    var waiting: Int { state.withLock { $0.caseloads.values.reduce(0) { $0 + $1.waiters.count } } }

    func announce(_ caseload: CaseloadID) {
        let woken = state.withLock { state in
            state.caseloads[caseload, default: Caseload()].generation &+= 1
            defer { state.caseloads[caseload]?.waiters = [:] }
            return Array(state.caseloads[caseload]?.waiters.values ?? [:].values)
        }
        for waiter in woken { waiter.resume() }
    }

    /// Wakes every waiter (after news may have been missed, e.g. a lost database connection).
    func announceAll() {
        for caseload in state.withLock({ Array($0.caseloads.keys) }) { announce(caseload) }
    }

    /// Returns on news of `caseload` since `generation`, after `timeout`, when cancelled, or
    /// when the relay shuts down (which must not wait for every pull's timeout).
    func wait(_ caseload: CaseloadID, since generation: UInt64, timeout: Duration) async {
        let id = UUID()
        await withGracefulShutdownHandler {
            await withTaskCancellationHandler {
                await waitForNews(caseload, since: generation, timeout: timeout, id: id)
            } onCancel: {
                release(caseload, id)
            }
        } onGracefulShutdown: {
            self.release(caseload, id)
        }
    }

    private func waitForNews(_ caseload: CaseloadID, since generation: UInt64, timeout: Duration, id: UUID) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let already = state.withLock { state -> Bool in
                if state.caseloads[caseload]?.generation ?? 0 != generation { return true }
                // Caseloads nobody waits for are forgotten now and then (a wait that then sees
                // generation 0 again merely returns early); the mark grows with the waited-for
                // ones, so many waiters do not make every wait sweep them all.
                if state.caseloads.count >= state.pruneAt {
                    state.caseloads = state.caseloads.filter { !$0.value.waiters.isEmpty }
                    state.pruneAt = max(10_000, state.caseloads.count * 2)
                }
                state.caseloads[caseload, default: Caseload()].waiters[id] = continuation
                return false
            }
            if already { return continuation.resume() }
            // Cancelled before the waiter was registered: the handler found nothing to release.
            if Task.isCancelled { return release(caseload, id) }
            Task {
                try? await Task.sleep(for: timeout)
                self.release(caseload, id)
            }
        }
    }

    private func release(_ caseload: CaseloadID, _ id: UUID) {
        state.withLock { $0.caseloads[caseload]?.waiters.removeValue(forKey: id) }?.resume()
    }
}
