import Foundation
import Hummingbird
import Signatures
import WireFormat

/// A one-time mailbox for linking a new device: the existing device opens it, the new
/// device (which has no identity yet) leaves one sealed request and collects one sealed
/// response. The relay sees only ciphertext; the mailbox is deleted once collected.
struct LinkController<Repository: RelayRepository> {
    static var lifetimeMilliseconds: UInt64 { 10 * 60 * 1000 }

    let repository: Repository
    let authenticator: RequestAuthenticator<Repository>
    let now: @Sendable () -> UInt64

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

    private func creatorLink(_ request: Request, _ context: BasicRequestContext, body: [UInt8]) async throws -> ([UInt8], StoredLink) {
        let id = try linkID(context)
        let device = try await authenticator.authenticate(request, body: body)
        guard let link = try await repository.link(id, now: now()), link.creator == device.bytes else { throw RelayError.unknownLink }
        return (id, link)
    }

    func create(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let id = try linkID(context)
        let device = try await authenticator.authenticate(request, body: [])
        guard try await repository.createLink(id, creator: device.bytes, expires: now() + Self.lifetimeMilliseconds) else {
            throw RelayError.linkUsed
        }
        return Response(status: .created)
    }

    func putRequest(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let id = try linkID(context)
        let message = try JSONResponse.decode(RelayAPI.LinkMessage.self, try await RequestBody.bytes(request, limit: 64 << 10))
        guard let data = Data(base64Encoded: message.data) else { throw RelayError.badRequest("bad_link", "The message is not valid base64.") }
        guard try await repository.link(id, now: now()) != nil else { throw RelayError.unknownLink }
        guard try await repository.setLinkRequest(id, [UInt8](data)) else { throw RelayError.linkUsed }
        return Response(status: .created)
    }

    func getRequest(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let (_, link) = try await creatorLink(request, context, body: [])
        guard let data = link.request else { return Response(status: .noContent) }
        return try JSONResponse.make(RelayAPI.LinkMessage(data: Data(data).base64EncodedString()))
    }

    func putResponse(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let body = try await RequestBody.bytes(request, limit: 1 << 20)
        let (id, link) = try await creatorLink(request, context, body: body)
        guard link.request != nil, link.response == nil else { throw RelayError.linkUsed }
        let message = try JSONResponse.decode(RelayAPI.LinkMessage.self, body)
        guard let data = Data(base64Encoded: message.data) else { throw RelayError.badRequest("bad_link", "The message is not valid base64.") }
        try await repository.setLinkResponse(id, [UInt8](data))
        return Response(status: .created)
    }

    /// The new device collects the response once; the mailbox is gone afterwards.
    func takeResponse(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let id = try linkID(context)
        guard let link = try await repository.link(id, now: now()) else { throw RelayError.unknownLink }
        guard let data = link.response else { return Response(status: .noContent) }
        try await repository.deleteLink(id)
        return try JSONResponse.make(RelayAPI.LinkMessage(data: Data(data).base64EncodedString()))
    }
}
