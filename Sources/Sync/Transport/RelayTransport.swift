import Identifiers
import WireFormat

/// How a device reaches a relay: the calls of the relay API (Protocol/relay-openapi.yaml),
/// in bytes. Sync, linking and invitations talk only to this protocol, so the same code
/// runs over HTTP and against the in-process relay that the attack tests make misbehave.
///
/// A refusal throws `SyncError.refusal(status:code:message:)`, whatever carried it; bytes
/// the relay sent that do not decode arrive empty, which no check accepts.
public protocol RelayTransport: Sendable {
    /// The relay's address, as the counsellor gave it.
    var address: String { get }
    /// Bytes sent and received so far.
    var traffic: RelayTraffic { get }

    /// The caseload's membership log, entry by entry.
    func membership(of caseload: CaseloadID) async throws -> [[UInt8]]
    func appendMembership(_ entry: [UInt8], to caseload: CaseloadID) async throws
    func push(_ envelopes: [[UInt8]], to caseload: CaseloadID) async throws -> [RelayAPI.PushResult]
    func pull(_ caseload: CaseloadID, after: UInt64) async throws -> RelayPage
    /// Like `pull`, but when nothing is there yet the relay waits up to `seconds` for news.
    func pull(_ caseload: CaseloadID, after: UInt64, waitingUpTo seconds: Int) async throws -> RelayPage
    /// One author's envelopes after its own number `after`, to fill gaps.
    func pull(_ caseload: CaseloadID, author: SigningPublicKey, after: UInt64) async throws -> RelayPage

    /// Link mailboxes: the owner opens one, reads the request and leaves the response; the
    /// guest, who has no identity yet, leaves the request and takes the response.
    func openMailbox(_ mailbox: [UInt8]) async throws
    func leaveRequest(_ data: [UInt8], in mailbox: [UInt8]) async throws
    func request(in mailbox: [UInt8]) async throws -> [UInt8]?
    func leaveResponse(_ data: [UInt8], in mailbox: [UInt8]) async throws
    func takeResponse(from mailbox: [UInt8]) async throws -> [UInt8]?

    /// This transport, sending `token` with membership entries: a relay that creates
    /// caseloads only for enrolled counsellors takes it once, with the first caseload.
    func enrolling(with token: String) -> any RelayTransport
}

extension RelayTransport {
    /// A transport that cannot wait answers at once.
    public func pull(_ caseload: CaseloadID, after: UInt64, waitingUpTo seconds: Int) async throws -> RelayPage {
        try await pull(caseload, after: after)
    }

    /// A relay without enrolment needs no token.
    public func enrolling(with token: String) -> any RelayTransport { self }
}

/// Bytes a transport sent and received.
public struct RelayTraffic: Sendable, Equatable {
    public var sent = 0
    public var received = 0
    public init(sent: Int = 0, received: Int = 0) {
        self.sent = sent
        self.received = received
    }
}

extension SyncError {
    /// The error for a relay's refusal, the same whichever transport carried it. A relay
    /// saying "not a member" is not believed to mean a removal: only the signed membership
    /// log can say that (MembershipSync).
    public static func refusal(status: Int, code: String?, message: String?) -> SyncError {
        if code == "not_a_member" { return .deniedByRelay }
        if code == "enrolment_required" { return .enrolmentRequired }
        if code == "storage_unavailable" || code == "storage_full" || status >= 500 { return .relayStorageFailing }
        return .refused(status: status, message: message ?? "no explanation given")
    }
}
