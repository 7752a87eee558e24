import Identifiers
import Signatures
import WireFormat

/// A membership log built entry by entry for test vectors, from seeds: each entry one
/// millisecond after the one before, from 2026-03-14 12:00 UTC.
struct VectorLog {
    let caseload: CaseloadID
    var entries: [MembershipEntry] = []

    /// A counsellor's key from a seed of `byte`s.
    static func counsellor(_ byte: UInt8) -> SigningKeyPair { SigningKeyPair(seed: [UInt8](repeating: byte, count: 32))! }

    mutating func append(_ author: SigningKeyPair, _ action: MembershipEntry.Action) {
        entries.append(MembershipEntry(caseload: caseload, after: entries.last, author: author, milliseconds: 1_773_489_600_000 + UInt64(entries.count), action: action))
    }
}
