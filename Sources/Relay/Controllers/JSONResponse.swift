import Foundation
import Hummingbird

/// JSON in and out, with our own error for bodies that do not decode.
enum JSONResponse {
    static func make<Body: Encodable>(_ body: Body, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try JSONEncoder().encode(body)
        return Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func decode<Body: Decodable>(_ type: Body.Type, _ bytes: [UInt8]) throws -> Body {
        do {
            return try JSONDecoder().decode(type, from: Data(bytes))
        } catch {
            throw RelayError.badRequest("bad_json", "The request body is not the JSON this endpoint expects.")
        }
    }
}

/// Envelopes in their binary form (`BinaryEnvelopes`).
enum BinaryResponse {
    static func make(_ bytes: [UInt8], type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type], body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

enum RequestBody {
    /// The whole body, refused with 413 above `limit` bytes: at once when the request says
    /// its length, else as soon as that many bytes have come.
    static func bytes(_ request: Request, limit: Int) async throws -> [UInt8] {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit { throw tooLarge(limit) }
        var request = request
        do {
            let buffer = try await request.collectBody(upTo: limit)
            return Array(buffer.readableBytesView)
        } catch {
            throw tooLarge(limit)
        }
    }

    private static func tooLarge(_ limit: Int) -> RelayError {
        RelayError(status: .contentTooLarge, code: "request_too_large",
                   message: "The request body exceeds \(limit) bytes; send fewer envelopes at once.")
    }
}
