import Identifiers
import Signatures

/// Short codes two people compare out of band (aloud, on paper), as Signal's safety
/// numbers: equal codes mean they hold the same thing. 30 decimal digits in groups of
/// five, about 100 bits: too many to forge by trying.
public enum ComparisonCode {
    /// The membership log of a caseload as one device holds it: colleagues with the same
    /// code have the same log, so the relay shows them the same members.
    public static func membership(_ membership: Membership) -> String {
        var writer = FieldWriter(capacity: 64)
        writer.raw(membership.caseload?.bytes ?? [])
        writer.u64(UInt64(membership.entries.count))
        writer.raw(membership.head?.hash ?? [])
        return digits(Digest.labelled("vertrouwd:membership-code:v1", writer.bytes))
    }

    /// Two devices that just exchanged keys (an invitation, a device link): both show the
    /// same code only if each got the other's real key.
    public static func devices(_ one: SigningPublicKey, _ other: SigningPublicKey) -> String {
        let keys = [one.bytes, other.bytes].sorted { $0.lexicographicallyPrecedes($1) }
        return digits(Digest.labelled("vertrouwd:device-pair-code:v1", keys[0] + keys[1]))
    }

    /// Six groups of five digits, each from five bytes of the digest.
    static func digits(_ digest: [UInt8]) -> String {
        (0..<6).map { group in
            let value = digest[group * 5..<group * 5 + 5].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            let text = String(value % 100_000)
            return String(repeating: "0", count: 5 - text.count) + text
        }.joined(separator: " ")
    }
}
