import Foundation
import Hummingbird
import Identifiers
import Signatures
import WireFormat

/// One-time mailboxes for linking a device or inviting a colleague, over HTTP. The guest
/// has no identity yet, so its two calls are not signed; the owner's are.
struct LinkController<Repository: RelayRepository> {
    let service: RelayService<Repository>
    let authenticator: RequestAuthenticator<Repository>

    func addRoutes(to group: RouterGroup<BasicRequestContext>) {
        group.post(":link", use: create)
        group.put(":link/request", use: putRequest)
        group.get(":link/request", use: getRequest)
        group.put(":link/response", use: putResponse)
        group.get(":link/response", use: takeResponse)
    }

    private func linkID(_ context: BasicRequestContext) throws -> [UInt8] {
        guard let id = Hex.decode(try context.parameters.require("link")), id.count == 32 else {
            throw RelayError.badRequest("bad_link", "The link id must be 64 hexadecimal digits.")
        }
        return id
    }

    private func message(_ body: [UInt8]) throws -> [UInt8] {
        let message = try JSONResponse.decode(RelayAPI.LinkMessage.self, body)
        guard let data = Data(base64Encoded: message.data) else { throw RelayError.badRequest("bad_link", "The message is not valid base64.") }
        return [UInt8](data)
    }

    private func answer(_ data: [UInt8]?) throws -> Response {
        guard let data else { return Response(status: .noContent) }
        return try JSONResponse.make(RelayAPI.LinkMessage(data: Data(data).base64EncodedString()))
    }

    func create(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let id = try linkID(context)
        try await service.openMailbox(id, device: try await authenticator.authenticate(request, body: []))
        return Response(status: .created)
    }

    func putRequest(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let id = try linkID(context)
        try await service.leaveRequest(try message(try await RequestBody.bytes(request, limit: 64 << 10)), in: id)
        return Response(status: .created)
    }

    func getRequest(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let id = try linkID(context)
        return try answer(try await service.request(in: id, device: try await authenticator.authenticate(request, body: [])))
    }

    func putResponse(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let id = try linkID(context)
        let body = try await RequestBody.bytes(request, limit: 1 << 20)
        let device = try await authenticator.authenticate(request, body: body)
        try await service.leaveResponse(try message(body), in: id, device: device)
        return Response(status: .created)
    }

    func takeResponse(_ request: Request, context: BasicRequestContext) async throws -> Response {
        try answer(try await service.takeResponse(from: try linkID(context)))
    }
}
