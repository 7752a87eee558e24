import Foundation
import HTTPTypes
import Hummingbird
import Identifiers
import Signatures
import WireFormat

/// Checks a request's device signature, its clock and its nonce (a replay is refused).
struct RequestAuthenticator<Repository: RelayRepository>: Sendable {
    let repository: Repository
    let now: @Sendable () -> UInt64

    func authenticate(_ request: Request, body: [UInt8]) async throws -> SigningPublicKey {
        guard let signature = RequestSignature(header: { name in
            HTTPField.Name(name).flatMap { request.headers[$0] }
        }) else {
            throw RelayError.unauthenticated("The request is not signed; send the X-VP-Device, X-VP-Timestamp, X-VP-Nonce and X-VP-Signature headers.")
        }
        let current = now()
        let skew = current > signature.milliseconds ? current - signature.milliseconds : signature.milliseconds - current
        guard skew <= RequestSignature.allowedSkewMilliseconds else {
            throw RelayError.unauthenticated("The request's timestamp is more than 5 minutes off; check this device's clock.")
        }
        guard signature.verifies(method: request.method.rawValue, target: request.uri.string, body: body) else {
            throw RelayError.unauthenticated("The request signature does not verify.")
        }
        let fresh = try await repository.useNonce(
            device: signature.device.bytes, nonce: signature.nonce,
            expires: signature.milliseconds + RequestSignature.allowedSkewMilliseconds, now: current)
        guard fresh else { throw RelayError.replayed }
        return signature.device
    }
}
