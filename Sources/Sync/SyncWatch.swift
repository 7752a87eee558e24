import Foundation
import Identifiers
import Vault

/// What `vp sync --watch` waits for between syncs: news from the relay in any caseload
/// (a long pull from each caseload's cursor), or work written on this device meanwhile.
public enum SyncWatch {
    public enum Reason: Sendable, Equatable {
        case relayNews, localWork, quiet
    }

    /// Returns as soon as there is something to sync, or after about `seconds` of quiet.
    public static func next(vault: Vault, relay: any RelayTransport, seconds: Int = 20) async throws -> Reason {
        let cursors = try Caseload.all(in: vault).map { caseload in
            (caseload.id, try vault.syncRead { try $0.pulledThrough(caseload.id) })
        }
        // The waits answer into one stream, and whoever waits on it can be cancelled (Ctrl-C in
        // the prompt) at once: a task group would first wait for every long pull to end.
        let (answers, answer) = AsyncStream<Result<Reason, Error>>.makeStream()
        var waits = cursors.map { caseload, cursor in
            Task {
                do {
                    let page = try await relay.pull(caseload, after: cursor, waitingUpTo: seconds)
                    answer.yield(.success(page.envelopes.isEmpty ? .quiet : .relayNews))
                } catch {
                    answer.yield(.failure(error))
                }
            }
        }
        // Another vp process writing to this vault: checked every half second.
        waits.append(Task {
            let deadline = ContinuousClock.now + .seconds(seconds)
            do {
                while ContinuousClock.now < deadline {
                    if try vault.syncRead({ try $0.hasUnsentWork() }) {
                        answer.yield(.success(.localWork))
                        return
                    }
                    try await Task.sleep(for: .milliseconds(500))
                }
                answer.yield(.success(.quiet))
            } catch {
                answer.yield(.failure(error))
            }
        })
        defer { waits.forEach { $0.cancel() } }
        var quiet = 0
        for await result in answers {
            let reason = try result.get()
            if reason != .quiet { return reason }
            quiet += 1
            if quiet == waits.count { return .quiet }
        }
        throw CancellationError()
    }
}
