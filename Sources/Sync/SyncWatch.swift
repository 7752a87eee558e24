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
        return try await withThrowingTaskGroup(of: Reason.self) { group in
            for (caseload, cursor) in cursors {
                group.addTask {
                    let page = try await relay.pull(caseload, after: cursor, waitingUpTo: seconds)
                    return page.envelopes.isEmpty ? .quiet : .relayNews
                }
            }
            // Another vp process writing to this vault: checked every half second.
            group.addTask {
                let deadline = ContinuousClock.now + .seconds(seconds)
                while ContinuousClock.now < deadline {
                    if try vault.syncRead({ try $0.hasUnsentWork() }) { return .localWork }
                    try await Task.sleep(for: .milliseconds(500))
                }
                return .quiet
            }
            var reason = Reason.quiet
            for try await answer in group where answer != .quiet {
                reason = answer
                break
            }
            group.cancelAll()
            return reason
        }
    }
}
