import Foundation
import Hummingbird
import WireFormat

/// A refused request: an HTTP status, a stable code and one sentence, sent as JSON.
public struct RelayError: HTTPResponseError, Equatable {
    public let status: HTTPResponse.Status
    public let code: String
    public let message: String
    /// Seconds after which a refused client may try again (sent as Retry-After).
    public var retryAfter: Int? = nil

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = try JSONEncoder().encode(RelayAPI.ErrorBody(error: code, message: message))
        var headers: HTTPFields = [.contentType: "application/json"]
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    static func unauthenticated(_ why: String) -> RelayError {
        RelayError(status: .unauthorized, code: "unauthenticated", message: why)
    }

    static let replayed = RelayError(
        status: .unauthorized, code: "replayed", message: "This request was already received; sign every request with a fresh nonce.")
    static let notMember = RelayError(
        status: .forbidden, code: "not_a_member", message: "This device is not a member of the caseload, or was removed from it.")
    static let readOnly = RelayError(
        status: .forbidden, code: "read_only", message: "This device may read the caseload but not write to it.")
    static let unknownCaseload = RelayError(status: .notFound, code: "unknown_caseload", message: "No caseload with this id is stored here.")
    static let unknownLink = RelayError(status: .notFound, code: "unknown_link", message: "No such link code, or it expired or was used.")
    static let linkUsed = RelayError(status: .conflict, code: "link_used", message: "This link code was already used; make a new one.")

    static func badRequest(_ code: String, _ message: String) -> RelayError {
        RelayError(status: .badRequest, code: code, message: message)
    }

    static func tooLarge(_ size: Int, limit: Int) -> RelayError {
        RelayError(status: .contentTooLarge, code: "envelope_too_large",
                   message: "An envelope of \(size) bytes exceeds this relay's limit of \(limit) bytes; push smaller batches.")
    }

    static func quotaExceeded(_ scope: QuotaScope) -> RelayError {
        let message = switch scope {
        case .caseload: "The caseload has used its storage quota on this relay; ask the relay operator for more."
        case .counsellor: "The counsellor who created this caseload has used their storage quota on this relay; ask the relay operator for more."
        case .reader: "This reader device has used its allowance for control envelopes in this caseload; ask the relay operator for more."
        }
        return RelayError(status: .forbidden, code: "quota_exceeded", message: message)
    }

    static let relayFull = RelayError(
        status: HTTPResponse.Status(code: 507, reasonPhrase: "Insufficient Storage"), code: "relay_full",
        message: "This relay has no room left for new envelopes; tell its operator.")
    static let storageFull = RelayError(
        status: HTTPResponse.Status(code: 507, reasonPhrase: "Insufficient Storage"), code: "storage_full",
        message: "The relay's storage is full; nothing was changed: tell its operator, and sync again later.",
        retryAfter: 60)
    static let storageUnavailable = RelayError(
        status: .serviceUnavailable, code: "storage_unavailable",
        message: "The relay cannot store anything right now (its storage is full or failing); nothing was changed: try again later and tell its operator.",
        retryAfter: 30)
    static let enrolmentRequired = RelayError(
        status: .forbidden, code: "enrolment_required",
        message: "This relay creates caseloads only for enrolled counsellors; ask its operator for an enrolment token.")
    static let caseloadLimit = RelayError(
        status: .forbidden, code: "caseload_limit",
        message: "This counsellor has as many caseloads on this relay as its operator allows.")
    static let mailboxLimit = RelayError(
        status: .tooManyRequests, code: "mailbox_limit",
        message: "This device has too many link codes open; use or let expire the ones it has (10 minutes).")

    static func rateLimited(retryAfter seconds: Int) -> RelayError {
        RelayError(status: .tooManyRequests, code: "rate_limited",
                   message: "This device sends more requests than this relay allows; wait \(seconds) seconds and try again.",
                   retryAfter: seconds)
    }

    static func conflict(_ message: String) -> RelayError {
        RelayError(status: .conflict, code: "membership_conflict", message: message)
    }
}
