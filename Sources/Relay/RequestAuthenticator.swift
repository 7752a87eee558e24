import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Identifiers
import Signatures
import WireFormat

/// Checks a request's device signature, its clock and its nonce (a replay is refused).
struct RequestAuthenticator<Repository: RelayRepository>: Sendable {
    let repository: Repository
    let limiter: RateLimiter
    let now: @Sendable () -> UInt64
    var logger = Logger(label: "vp-relay")

    /// The device a request says it comes from, if its headers are whole and its clock is
    /// right: enough to refuse a stranger before reading a large body. Proves nothing yet.
    func claimedDevice(_ request: Request) throws -> SigningPublicKey {
        try headers(request, now: now()).device
    }

    private func headers(_ request: Request, now current: UInt64) throws -> RequestSignature {
        guard let signature = RequestSignature(header: { name in
            HTTPField.Name(name).flatMap { request.headers[$0] }
        }) else {
            throw RelayError.unauthenticated("The request is not signed; send the X-VP-Device, X-VP-Timestamp, X-VP-Nonce and X-VP-Signature headers.")
        }
        let skew = current > signature.milliseconds ? current - signature.milliseconds : signature.milliseconds - current
        guard skew <= RequestSignature.allowedSkewMilliseconds else {
            throw RelayError.unauthenticated("The request's timestamp is more than 5 minutes off; check this device's clock.")
        }
        return signature
    }

    func authenticate(_ request: Request, body: [UInt8]) async throws -> SigningPublicKey {
        let current = now()
        let signature = try headers(request, now: current)
        guard signature.verifies(method: request.method.rawValue, target: request.uri.string, body: body) else {
            throw RelayError.unauthenticated("The request signature does not verify.")
        }
        // Counted only once signed, so nobody can spend another device's requests.
        if let wait = limiter.take(signature.device.bytes, now: current) { throw RelayError.rateLimited(retryAfter: wait) }
        let fresh: Bool
        do {
            fresh = try await repository.useNonce(
                device: signature.device.bytes, nonce: signature.nonce,
                expires: signature.milliseconds + RequestSignature.allowedSkewMilliseconds, now: current)
        } catch where request.method == .get {
            // Storage that cannot take a nonce (a full disk) must not stop reads as well: a
            // replayed read, within the signature's 5 minutes, shows only what it showed.
            logger.warning("A nonce could not be stored; a read is answered without replay protection.")
            fresh = true
        }
        guard fresh else { throw RelayError.replayed }
        return signature.device
    }
}
