import Foundation
import Identifiers
import Relay
import Signatures
import Synchronization
import Sync
import WireFormat

/// A relay inside the test process: the relay's own service on its own SQLite repository,
/// reached through `RelayTransport` without HTTP. Every rule of the real relay applies;
/// on top, a test can make it misbehave (`Misbehaviour`) as a hostile relay would.
public final class InProcessRelay: Sendable {
    public let service: RelayService<SQLiteRelayRepository>
    public let folder: URL
    private let misbehaviour = Mutex(Misbehaviour())

    public init(configuration: RelayConfiguration? = nil, now: @escaping @Sendable () -> UInt64 = { UInt64(Date().timeIntervalSince1970 * 1000) }) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("in-process-relay-\(UUID().uuidString)")
        let configuration = configuration ?? RelayConfiguration(dataDirectory: folder, openEnrolment: true)
        service = RelayService(repository: try SQLiteRelayRepository(directory: folder), configuration: configuration, now: now)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// A transport acting as `device`, or as a guest without identity when nil.
    public func transport(as device: SigningPublicKey?) -> InProcessTransport {
        InProcessTransport(relay: self, device: device)
    }

    /// What the relay does wrong from now on; `Misbehaviour()` makes it honest again.
    public func misbehave(_ change: (inout Misbehaviour) -> Void) {
        misbehaviour.withLock { change(&$0) }
    }

    var current: Misbehaviour { misbehaviour.withLock { $0 } }
}

/// How a hostile relay departs from the protocol. Each hook sees what the honest relay
/// would answer and returns what is sent instead.
public struct Misbehaviour: Sendable {
    /// Rewrites a page of envelopes before it reaches a device (drop, reorder, replay, inject,
    /// tamper). Receives the pulling device.
    public var pages: @Sendable (_ page: RelayPage, _ caseload: CaseloadID, _ device: SigningPublicKey) -> RelayPage = { page, _, _ in page }
    /// Rewrites the membership log a device is shown (truncate, fork, reorder).
    public var membership: @Sendable (_ entries: [[UInt8]], _ caseload: CaseloadID, _ device: SigningPublicKey) -> [[UInt8]] = { entries, _, _ in entries }
    /// Silently drops pushed envelopes (and reports them stored).
    public var swallowPushes = false
    /// Pushes do not arrive: the device sees an unreachable relay (a sync killed or cut off
    /// after it sealed its outbox).
    public var dropsPushes = false
    /// Answers `403 not_a_member` to a device that is a member, as if it had been removed.
    public var denies: @Sendable (_ caseload: CaseloadID, _ device: SigningPublicKey) -> Bool = { _, _ in false }

    public init() {}
}

extension Misbehaviour {
    /// Withholds every envelope whose author is `device`.
    public static func withholding(envelopesBy author: SigningPublicKey) -> @Sendable (RelayPage, CaseloadID, SigningPublicKey) -> RelayPage {
        { page, _, _ in
            var page = page
            page.envelopes.removeAll { (try? Envelope(bytes: $0.bytes))?.author == author }
            return page
        }
    }

    /// Adds `extra` envelopes to the end of every page.
    public static func injecting(_ extra: [[UInt8]]) -> @Sendable (RelayPage, CaseloadID, SigningPublicKey) -> RelayPage {
        { page, _, _ in
            var page = page
            let next = page.envelopes.last?.sequence ?? page.next
            page.envelopes += extra.map { RelayPage.Stored(sequence: next, bytes: $0) }
            return page
        }
    }
}
