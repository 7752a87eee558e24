import Foundation
import Hummingbird
import Logging
import Signatures
import WireFormat

/// Membership logs and envelopes of caseloads.
struct CaseloadController<Repository: RelayRepository> {
    let repository: Repository
    let book: MembershipBook<Repository>
    let authenticator: RequestAuthenticator<Repository>
    let configuration: RelayConfiguration

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

    /// Authenticates and checks that the device is a current member.
    private func member(_ request: Request, _ body: [UInt8], of caseload: CaseloadID) async throws -> (SigningPublicKey, Membership) {
        let device = try await authenticator.authenticate(request, body: body)
        guard let membership = try await book.membership(caseload) else { throw RelayError.unknownCaseload }
        guard membership.members[device] != nil else { throw RelayError.notMember }
        return (device, membership)
    }

    func membership(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let caseload = try caseload(context)
        _ = try await member(request, [], of: caseload)
        let after = request.uri.queryParameters.get("after", as: Int.self) ?? 0
        let entries = try await book.entries(caseload, after: max(0, after))
        return try JSONResponse.make(RelayAPI.MembershipResponse(entries: entries.map { Data($0.bytes).base64EncodedString() }))
    }

    func appendEntry(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let caseload = try caseload(context)
        let body = try await RequestBody.bytes(request, limit: 1 << 20)
        let device = try await authenticator.authenticate(request, body: body)
        let payload = try JSONResponse.decode(RelayAPI.EntryRequest.self, body)
        guard let bytes = Data(base64Encoded: payload.entry), let entry = try? MembershipEntry(bytes: [UInt8](bytes)) else {
            throw RelayError.badRequest("bad_entry", "The membership entry is not valid base64 of a version 1 entry.")
        }
        guard entry.caseload == caseload else { throw RelayError.badRequest("bad_entry", "The entry belongs to another caseload.") }
        guard entry.author == device else { throw RelayError.badRequest("bad_entry", "Only the entry's author may send it.") }
        try await book.append(entry)
        return Response(status: .created)
    }

    func push(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let caseload = try caseload(context)
        let body = try await RequestBody.bytes(request, limit: configuration.maximumRequestBytes)
        let (device, membership) = try await member(request, body, of: caseload)
        let payload = try JSONResponse.decode(RelayAPI.PushRequest.self, body)
        var incoming: [IncomingEnvelope] = []
        incoming.reserveCapacity(payload.envelopes.count)
        for text in payload.envelopes {
            guard let data = Data(base64Encoded: text) else { throw RelayError.badRequest("bad_envelope", "An envelope is not valid base64.") }
            guard data.count <= configuration.maximumEnvelopeBytes else { throw RelayError.tooLarge(data.count, limit: configuration.maximumEnvelopeBytes) }
            let bytes = [UInt8](data)
            guard let envelope = try? Envelope(bytes: bytes) else {
                throw RelayError.badRequest("bad_envelope", "An envelope is truncated or not of format version 1.")
            }
            guard envelope.caseload == caseload, envelope.author == device else {
                throw RelayError.badRequest("bad_envelope", "An envelope names another caseload or author than the request.")
            }
            guard envelope.isSignatureValid else { throw RelayError.badRequest("bad_signature", "An envelope's signature does not verify.") }
            guard membership.canWrite(device, epoch: envelope.epoch) else { throw RelayError.readOnly }
            incoming.append(IncomingEnvelope(id: envelope.id, author: device.bytes, deviceSequence: envelope.sequence, bytes: bytes))
        }
        do {
            let results = try await repository.push(caseload, incoming, quotaBytes: configuration.caseloadQuotaBytes)
            return try JSONResponse.make(RelayAPI.PushResponse(results: results))
        } catch is QuotaExceeded {
            throw RelayError.quotaExceeded
        }
    }

    func pull(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let caseload = try caseload(context)
        _ = try await member(request, [], of: caseload)
        let after = request.uri.queryParameters.get("after", as: UInt64.self) ?? 0
        let limit = min(max(1, request.uri.queryParameters.get("limit", as: Int.self) ?? configuration.pageLimit), configuration.pageLimit)
        let rows = try await repository.pull(caseload, after: after, limit: limit + 1)
        let page = rows.prefix(limit)
        let response = RelayAPI.PullResponse(
            envelopes: page.map { RelayAPI.StoredEnvelope(seq: $0.seq, data: Data($0.data).base64EncodedString()) },
            next: page.last?.seq ?? after, more: rows.count > limit)
        return try JSONResponse.make(response)
    }
}
