import Foundation
import Identifiers
import WireFormat

/// What the relay stores. Only ciphertext, public keys and signed membership entries;
/// an SQLite file by default, another backend for several relay instances later.
public protocol RelayRepository: Sendable {
    func membershipEntries(_ caseload: CaseloadID) async throws -> [[UInt8]]
    /// Stores entry `sequence`; false if that sequence is already taken.
    func appendMembership(_ caseload: CaseloadID, sequence: UInt64, entry: [UInt8]) async throws -> Bool

    /// Stores envelopes not yet known (by id) and gives each its caseload sequence number.
    func push(_ caseload: CaseloadID, _ envelopes: [IncomingEnvelope], quotaBytes: Int64) async throws -> [RelayAPI.PushResult]
    func pull(_ caseload: CaseloadID, after: UInt64, limit: Int) async throws -> [(seq: UInt64, data: [UInt8])]
    /// One author's envelopes by their own numbers (for a reader filling gaps): `seq` is the
    /// author's number here, not the caseload's.
    func pull(_ caseload: CaseloadID, author: [UInt8], after: UInt64, limit: Int) async throws -> [(seq: UInt64, data: [UInt8])]

    /// Records a request nonce; false if it was seen before (a replay).
    func useNonce(device: [UInt8], nonce: String, expires: UInt64, now: UInt64) async throws -> Bool

    func createLink(_ id: [UInt8], creator: [UInt8], expires: UInt64) async throws -> Bool
    func link(_ id: [UInt8], now: UInt64) async throws -> StoredLink?
    func setLinkRequest(_ id: [UInt8], _ data: [UInt8]) async throws -> Bool
    func setLinkResponse(_ id: [UInt8], _ data: [UInt8]) async throws
    func deleteLink(_ id: [UInt8]) async throws
}

public struct IncomingEnvelope: Sendable {
    public let id: [UInt8]
    public let author: [UInt8]
    public let deviceSequence: UInt64
    public let bytes: [UInt8]
}

public struct StoredLink: Sendable {
    public let creator: [UInt8]
    public let expires: UInt64
    public let request: [UInt8]?
    public let response: [UInt8]?
}
