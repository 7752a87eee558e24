import Foundation
import Hummingbird
import WireFormat

/// A refused request: an HTTP status, a stable code and one sentence, sent as JSON.
public struct RelayError: HTTPResponseError, Equatable {
    public let status: HTTPResponse.Status
    public let code: String
    public let message: String

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = try JSONEncoder().encode(RelayAPI.ErrorBody(error: code, message: message))
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
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

    static let quotaExceeded = RelayError(
        status: .forbidden, code: "quota_exceeded",
        message: "The caseload has used its storage quota on this relay; ask the relay operator for more.")

    static func conflict(_ message: String) -> RelayError {
        RelayError(status: .conflict, code: "membership_conflict", message: message)
    }
}
