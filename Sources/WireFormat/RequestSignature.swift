import Identifiers
import Signatures

/// How a device signs an HTTP request to the relay, and how the relay checks it.
///
/// Headers: `X-VP-Device` (hex Ed25519 key), `X-VP-Timestamp` (Unix ms), `X-VP-Nonce` (hex, 16
/// random bytes), `X-VP-Signature` (hex). The signature covers
/// `"VP1\n" method "\n" path-with-query "\n" timestamp "\n" nonce "\n" hex(BLAKE2b-256(body))`.
public struct RequestSignature: Sendable, Equatable {
    public static let deviceHeader = "X-VP-Device"
    public static let timestampHeader = "X-VP-Timestamp"
    public static let nonceHeader = "X-VP-Nonce"
    public static let signatureHeader = "X-VP-Signature"
    /// Requests older or newer than this are refused, which bounds how long nonces are kept.
    public static let allowedSkewMilliseconds: UInt64 = 5 * 60 * 1000

    public let device: SigningPublicKey
    public let milliseconds: UInt64
    public let nonce: String
    public let signature: [UInt8]

    public static func message(method: String, target: String, milliseconds: UInt64, nonce: String, body: [UInt8]) -> [UInt8] {
        Array("VP1\n\(method)\n\(target)\n\(milliseconds)\n\(nonce)\n\(Hex.encode(Digest.blake2b(body)))".utf8)
    }

    public static func sign(
        method: String, target: String, body: [UInt8], keys: SigningKeyPair, milliseconds: UInt64, nonce: [UInt8]
    ) -> [String: String] {
        let nonceText = Hex.encode(nonce)
        let signature = keys.sign(message(method: method, target: target, milliseconds: milliseconds, nonce: nonceText, body: body))
        return [
            deviceHeader: keys.publicKey.description, timestampHeader: String(milliseconds),
            nonceHeader: nonceText, signatureHeader: Hex.encode(signature),
        ]
    }

    /// Parses the headers; nil when any is missing or malformed.
    public init?(header: (String) -> String?) {
        guard let device = header(Self.deviceHeader).flatMap(SigningPublicKey.init(hex:)),
            let milliseconds = header(Self.timestampHeader).flatMap(UInt64.init),
            let nonce = header(Self.nonceHeader), nonce.count == 32, Hex.decode(nonce) != nil,
            let signature = header(Self.signatureHeader).flatMap(Hex.decode)
        else { return nil }
        self.device = device
        self.milliseconds = milliseconds
        self.nonce = nonce
        self.signature = signature
    }

    public func verifies(method: String, target: String, body: [UInt8]) -> Bool {
        device.verifies(signature, of: Self.message(method: method, target: target, milliseconds: milliseconds, nonce: nonce, body: body))
    }
}
