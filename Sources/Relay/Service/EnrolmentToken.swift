import Identifiers
import Signatures

/// A one-time right to enrol a counsellor at this relay, made by the operator
/// (`vp-relay token create`) and handed over outside the relay. The relay keeps only its
/// hash, so a copy of the database holds no usable token.
public enum EnrolmentToken {
    /// The header a client sends it in, with the first entry of a caseload.
    public static let header = "X-VP-Enrolment"
    static let byteCount = 16

    /// A new token as the operator hands it out, and the hash the relay keeps.
    public static func generate() -> (text: String, hash: [UInt8]) {
        // The system generator is the kernel's getrandom: fit for secrets (the relay does
        // not link libsodium's Cryptography, on purpose).
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<byteCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return ("vpe-" + Hex.encode(bytes), hash(bytes))
    }

    /// The hash of a token as a client sent it; nil when it is not a token at all.
    static func hash(of text: String) -> [UInt8]? {
        guard text.hasPrefix("vpe-"), let bytes = Hex.decode(String(text.dropFirst(4))), bytes.count == byteCount else { return nil }
        return hash(bytes)
    }

    private static func hash(_ bytes: [UInt8]) -> [UInt8] { Digest.labelled("vertrouwd:enrolment-token:v1", bytes) }
}
