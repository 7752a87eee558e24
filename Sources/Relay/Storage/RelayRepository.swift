import Foundation
import Identifiers

/// What the relay stores, as a contract every storage keeps (SQLite for one instance,
/// PostgreSQL for several): only ciphertext, public keys and signed membership entries.
/// It speaks in domain outcomes, never in a database's errors, and holds nothing between
/// calls that another instance could change behind its back.
public protocol RelayRepository: Sendable {
    /// The caseload's membership log in order; empty when the relay has never seen it.
    func membershipLog(_ caseload: CaseloadID) async throws -> [[UInt8]]
    /// Appends `entry` as number `position` (counted from 0) only if the log still has
    /// exactly `position` entries: a compare-and-set on the head, so two changes checked
    /// against the same log cannot both land. The first entry creates the caseload, by the
    /// right `creation` describes (enrolment, the owner's number of caseloads), checked in
    /// the same transaction; without one, entry 0 is `.enrolmentRequired`. Later entries
    /// pass nil.
    ///
    /// With `stubbing` (an admin's destroy entry), the same transaction cuts every stored
    /// case content envelope of the caseload that the rule recognises down to its stub
    /// (keeping its number, id, author and device number), so the case's sealed operations
    /// are gone the moment the order is in the log.
    func appendMembership(_ caseload: CaseloadID, entry: [UInt8], at position: Int, creation: CaseloadCreation?,
                          stubbing: EnvelopeStubbing?) async throws -> MembershipAppend
    /// Keeps an enrolment token (by its hash) until it is used or `expires`.
    func addEnrolmentToken(hash: [UInt8], expires: UInt64) async throws

    /// Stores a batch in one transaction, all or nothing, if the caseload's membership log
    /// still has `membershipLength` entries (the log the batch was checked against). Each new
    /// envelope gets the next caseload number, given under a lock on the caseload, so numbers
    /// have no gaps and commit in order; a known envelope id answers with its first number.
    func push(_ caseload: CaseloadID, _ envelopes: [IncomingEnvelope], membershipLength: Int, quotas: Quotas) async throws -> PushOutcome
    /// Envelopes after caseload number `after`, in order.
    func pull(_ caseload: CaseloadID, after: UInt64, limit: Int) async throws -> [StoredEnvelope]
    /// One author's envelopes by their own numbers (for a reader filling gaps): `sequence`
    /// is then the author's number, not the caseload's.
    func pull(_ caseload: CaseloadID, author: [UInt8], after: UInt64, limit: Int) async throws -> [StoredEnvelope]

    /// Envelope bytes stored over all caseloads (for the operator's metrics).
    func storedBytes() async throws -> Int64

    /// Records a request nonce; false if it was seen before (a replay).
    func useNonce(device: [UInt8], nonce: String, expires: UInt64, now: UInt64) async throws -> Bool

    /// Opens a mailbox, unless the id is taken or `creator` already has `limit` open at `now`.
    func createLink(_ id: [UInt8], creator: [UInt8], expires: UInt64, now: UInt64, limit: Int) async throws -> LinkCreation
    /// The mailbox, if it exists and has not expired at `now`.
    func link(_ id: [UInt8], now: UInt64) async throws -> StoredLink?
    /// Leaves the guest's request; false if one is already there.
    func setLinkRequest(_ id: [UInt8], _ data: [UInt8]) async throws -> Bool
    func setLinkResponse(_ id: [UInt8], _ data: [UInt8]) async throws
    func deleteLink(_ id: [UInt8]) async throws
}

extension RelayRepository {
    /// An entry that destroys nothing.
    func appendMembership(_ caseload: CaseloadID, entry: [UInt8], at position: Int, creation: CaseloadCreation?) async throws -> MembershipAppend {
        try await appendMembership(caseload, entry: entry, at: position, creation: creation, stubbing: nil)
    }
}

/// An envelope checked by the service and ready to store. `bytes` is the envelope, or its
/// stub when its case was destroyed before it arrived; `id` is always the envelope's.
public struct IncomingEnvelope: Sendable {
    public let id: [UInt8]
    public let author: [UInt8]
    public let deviceSequence: UInt64
    public let bytes: [UInt8]
    /// The envelope's key scope: the rows a destroy entry looks through are those of scope 1.
    public let keyScope: UInt8
    /// For a reader's control envelope: the bytes of control envelopes its author may store
    /// in the caseload, counting those stored before; nil for a writer's envelope.
    public var readerAllowance: Int64? = nil
}

/// Which stored envelopes a destroy entry cuts to stubs: given stored bytes, the stub's
/// bytes when they are a case content envelope of the destroyed case, else nil.
public struct EnvelopeStubbing: Sendable {
    public let stub: @Sendable ([UInt8]) -> [UInt8]?

    public init(stub: @escaping @Sendable ([UInt8]) -> [UInt8]?) {
        self.stub = stub
    }
}

/// A stored envelope and its number.
public struct StoredEnvelope: Sendable, Equatable {
    public let sequence: UInt64
    public let bytes: [UInt8]
}

/// The number a pushed envelope has in its caseload, and whether it was there already.
public struct EnvelopeReceipt: Sendable, Equatable {
    public let id: [UInt8]
    public let sequence: UInt64
    public let duplicate: Bool
}

/// How many envelope bytes may be stored: per caseload, and per counsellor over all the
/// caseloads that counsellor created.
public struct Quotas: Sendable {
    public let caseloadBytes: Int64
    public let counsellorBytes: Int64
}

public enum QuotaScope: String, Sendable {
    /// `reader`: one reader device's control envelopes in one caseload.
    case caseload, counsellor, reader
}

public enum PushOutcome: Sendable, Equatable {
    case stored([EnvelopeReceipt])
    /// The batch would take the caseload or its owner over a quota; nothing was stored.
    case quotaExceeded(QuotaScope)
    /// The membership log changed since the batch was checked (or the caseload is gone);
    /// nothing was stored: check again against the new log.
    case membershipChanged
}

/// Who creates a caseload with its first membership entry, and by what right.
public struct CaseloadCreation: Sendable {
    /// The counsellor key that certified the creating device: it owns the caseload.
    public let owner: [UInt8]
    /// The hash of the enrolment token the request carried, if any.
    public let token: [UInt8]?
    /// Whether any counsellor may enrol without a token (the operator's choice).
    public let openEnrolment: Bool
    /// How many caseloads one counsellor may create.
    public let caseloadLimit: Int
    public let now: UInt64
}

public enum MembershipAppend: Sendable, Equatable {
    case appended
    /// Another entry took that place first.
    case conflict
    /// The owner is not enrolled at this relay and brought no valid token.
    case enrolmentRequired
    /// The owner already has as many caseloads as allowed.
    case caseloadLimitReached
}

public enum LinkCreation: Sendable, Equatable {
    case created
    case taken
    case limitReached
}

public struct StoredLink: Sendable {
    public let creator: [UInt8]
    public let expires: UInt64
    public let request: [UInt8]?
    public let response: [UInt8]?
}
