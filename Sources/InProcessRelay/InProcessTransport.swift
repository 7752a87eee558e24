import Foundation
import Identifiers
import Relay
import Signatures
import Sync
import Synchronization
import WireFormat

/// One device's connection to an `InProcessRelay`. The device is who it says it is (the
/// HTTP relay's request signatures are tested on their own); refusals surface as the same
/// `SyncError`s the HTTP transport throws.
public final class InProcessTransport: RelayTransport {
    let relay: InProcessRelay
    let device: SigningPublicKey?
    private let counters = Mutex(RelayTraffic())

    init(relay: InProcessRelay, device: SigningPublicKey?) {
        self.relay = relay
        self.device = device
    }

    /// A loopback address that names this relay (tests connect through `CommandContext.connect`).
    public var address: String { "http://localhost/in-process/\(relay.folder.lastPathComponent)" }
    public var traffic: RelayTraffic { counters.withLock { $0 } }

    public func membership(of caseload: CaseloadID) async throws -> [[UInt8]] {
        let device = try identified()
        try denial(caseload, device)
        let entries = try await refusals { try await relay.service.membershipEntries(caseload, after: 0, device: device) }.map(\.bytes)
        return count(received: relay.current.membership(entries, caseload, device))
    }

    public func appendMembership(_ entry: [UInt8], to caseload: CaseloadID) async throws {
        let device = try identified()
        count(sent: [entry])
        try await refusals { try await relay.service.appendMembership(entry, to: caseload, device: device) }
    }

    public func push(_ envelopes: [[UInt8]], to caseload: CaseloadID) async throws -> [RelayAPI.PushResult] {
        let device = try identified()
        try denial(caseload, device)
        if relay.current.dropsPushes { throw SyncError.unreachable(address) }
        count(sent: envelopes)
        if relay.current.swallowPushes {
            return envelopes.enumerated().map { RelayAPI.PushResult(id: Hex.encode(Digest.blake2b($1)), seq: UInt64($0 + 1), duplicate: false) }
        }
        return try await refusals { try await relay.service.push(envelopes, to: caseload, device: device) }
    }

    public func pull(_ caseload: CaseloadID, after: UInt64) async throws -> RelayPage {
        try await page(of: caseload, author: nil, after: after)
    }

    public func pull(_ caseload: CaseloadID, after: UInt64, waitingUpTo seconds: Int) async throws -> RelayPage {
        try await page(of: caseload, author: nil, after: after, wait: .seconds(seconds))
    }

    public func pull(_ caseload: CaseloadID, author: SigningPublicKey, after: UInt64) async throws -> RelayPage {
        try await page(of: caseload, author: author, after: after)
    }

    /// A page as the relay would serve it, rewritten by any misbehaviour set.
    private func page(of caseload: CaseloadID, author: SigningPublicKey?, after: UInt64, wait: Duration? = nil) async throws -> RelayPage {
        let device = try identified()
        try denial(caseload, device)
        let page = try await refusals {
            try await relay.service.pull(caseload, author: author, after: after, limit: nil, wait: wait, device: device)
        }
        let shown = relay.current.pages(page, caseload, device)
        _ = count(received: shown.envelopes.map(\.bytes))
        return shown
    }

    public func openMailbox(_ mailbox: [UInt8]) async throws {
        let device = try identified()
        try await refusals { try await relay.service.openMailbox(mailbox, device: device) }
    }

    public func leaveRequest(_ data: [UInt8], in mailbox: [UInt8]) async throws {
        count(sent: [data])
        try await refusals { try await relay.service.leaveRequest(data, in: mailbox) }
    }

    public func request(in mailbox: [UInt8]) async throws -> [UInt8]? {
        let device = try identified()
        return try await refusals { try await relay.service.request(in: mailbox, device: device) }
    }

    public func leaveResponse(_ data: [UInt8], in mailbox: [UInt8]) async throws {
        let device = try identified()
        count(sent: [data])
        try await refusals { try await relay.service.leaveResponse(data, in: mailbox, device: device) }
    }

    public func takeResponse(from mailbox: [UInt8]) async throws -> [UInt8]? {
        try await refusals { try await relay.service.takeResponse(from: mailbox) }
    }

    /// A guest has no key, so the HTTP relay would answer 401 to its signed calls.
    private func identified() throws -> SigningPublicKey {
        guard let device else { throw SyncError.refusal(status: 401, code: "unauthenticated", message: "The request is not signed.") }
        return device
    }

    private func denial(_ caseload: CaseloadID, _ device: SigningPublicKey) throws {
        if relay.current.denies(caseload, device) { throw SyncError.refusal(status: 403, code: "not_a_member", message: "Not a member.") }
    }

    private func refusals<T>(_ call: () async throws -> T) async throws -> T {
        do {
            return try await call()
        } catch let refusal as RelayError {
            throw SyncError.refusal(status: Int(refusal.status.code), code: refusal.code, message: refusal.message)
        }
    }

    private func count(sent: [[UInt8]]) {
        counters.withLock { $0.sent += sent.reduce(0) { $0 + $1.count } }
    }

    private func count(received: [[UInt8]]) -> [[UInt8]] {
        counters.withLock { $0.received += received.reduce(0) { $0 + $1.count } }
        return received
    }
}
