import Foundation
import HTTPTypes
import Hummingbird
import Identifiers
import WireFormat

/// Membership logs and envelopes of caseloads over HTTP: authenticate, decode, call the
/// service, encode.
struct CaseloadController<Repository: RelayRepository> {
    let service: RelayService<Repository>
    let authenticator: RequestAuthenticator<Repository>

    func addRoutes(to group: RouterGroup<BasicRequestContext>) {
        group.get(":caseload/membership", use: membership)
        group.post(":caseload/membership", use: appendEntry)
        group.post(":caseload/envelopes", use: push)
        group.get(":caseload/envelopes", use: pull)
    }

    private func caseload(_ context: BasicRequestContext) throws -> CaseloadID {
        guard let id = CaseloadID(hex: try context.parameters.require("caseload")) else {
            throw RelayError.badRequest("bad_caseload", "The caseload id must be 32 hexadecimal digits.")
        }
        return id
    }

    func membership(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let caseload = try caseload(context)
        let device = try await authenticator.authenticate(request, body: [])
        let after = request.uri.queryParameters.get("after", as: Int.self) ?? 0
        let entries = try await service.membershipEntries(caseload, after: after, device: device)
        return try JSONResponse.make(RelayAPI.MembershipResponse(entries: entries.map { Data($0.bytes).base64EncodedString() }))
    }

    func appendEntry(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let caseload = try caseload(context)
        let body = try await RequestBody.bytes(request, limit: 1 << 20)
        let device = try await authenticator.authenticate(request, body: body)
        let payload = try JSONResponse.decode(RelayAPI.EntryRequest.self, body)
        guard let bytes = Data(base64Encoded: payload.entry) else {
            throw RelayError.badRequest("bad_entry", "The membership entry is not valid base64.")
        }
        let token = HTTPField.Name(EnrolmentToken.header).flatMap { request.headers[$0] }
        try await service.appendMembership([UInt8](bytes), to: caseload, device: device, enrolmentToken: token)
        return Response(status: .created)
    }

    func push(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let caseload = try caseload(context)
        // A stranger is refused before its body is read: no one can make the relay hold
        // large bodies by merely claiming to write.
        let claimed = try authenticator.claimedDevice(request)
        let membership = try await service.requireMember(claimed, of: caseload)
        let body = try await RequestBody.bytes(request, limit: service.configuration.maximumRequestBytes)
        let device = try await authenticator.authenticate(request, body: body)
        let binary = request.headers[.contentType] == BinaryEnvelopes.pushType
        let envelopes = try binary ? binaryEnvelopes(body) : jsonEnvelopes(body)
        let results = try await service.push(envelopes, to: caseload, device: device, membership: device == claimed ? membership : nil)
        guard binary else { return try JSONResponse.make(RelayAPI.PushResponse(results: results)) }
        return BinaryResponse.make(BinaryEnvelopes.encodeReceipts(results), type: BinaryEnvelopes.receiptsType)
    }

    private func jsonEnvelopes(_ body: [UInt8]) throws -> [[UInt8]] {
        try JSONResponse.decode(RelayAPI.PushRequest.self, body).envelopes.map { text in
            guard let data = Data(base64Encoded: text) else { throw RelayError.badRequest("bad_envelope", "An envelope is not valid base64.") }
            return [UInt8](data)
        }
    }

    private func binaryEnvelopes(_ body: [UInt8]) throws -> [[UInt8]] {
        do {
            return try BinaryEnvelopes.decodePush(body, limit: service.configuration.maximumEnvelopeBytes)
        } catch .tooLarge(let size, let limit) {
            throw RelayError.tooLarge(size, limit: limit)
        } catch {
            throw RelayError.badRequest("bad_envelope", "The binary push body is malformed (\(error.localizedDescription)).")
        }
    }

    func pull(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let caseload = try caseload(context)
        let device = try await authenticator.authenticate(request, body: [])
        let after = request.uri.queryParameters.get("after", as: UInt64.self) ?? 0
        let limit = request.uri.queryParameters.get("limit", as: Int.self)
        var author: SigningPublicKey?
        if let text = request.uri.queryParameters.get("author") {
            guard let key = SigningPublicKey(hex: String(text)) else {
                throw RelayError.badRequest("bad_author", "The author must be a device key of 64 hexadecimal digits.")
            }
            author = key
        }
        let wait = request.uri.queryParameters.get("wait", as: Int.self).map { Duration.seconds(min(max($0, 0), 25)) }
        let page = try await service.pull(caseload, author: author, after: after, limit: limit, wait: wait, device: device)
        if request.headers[.accept]?.contains(BinaryEnvelopes.pageType) == true {
            return BinaryResponse.make(BinaryEnvelopes.encodePage(page), type: BinaryEnvelopes.pageType)
        }
        return try JSONResponse.make(RelayAPI.PullResponse(
            envelopes: page.envelopes.map { RelayAPI.StoredEnvelope(seq: $0.sequence, data: Data($0.bytes).base64EncodedString()) },
            next: page.next, more: page.more))
    }
}
