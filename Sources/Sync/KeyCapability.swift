import Identifiers
import Vault
import WireFormat

/// Which devices read what this version writes: key scopes 1 and 2, and `destroy` entries
/// (Protocol/sync.md, "Which cases get a key"). A device shows it by a control envelope this
/// device accepted, or a hand-over key when it linked or joined.
public enum KeyCapability {
    /// Whether every current device of `membership` but this one has shown it, in any caseload
    /// of the vault: a device is one program, what it reads in one it reads in all (an own
    /// device linked a moment ago showed it at home only).
    public static func ofEveryDevice(in membership: Membership, vault: Vault) throws -> Bool {
        let me = try vault.identity().signing.publicKey
        let caseloads = try Caseload.all(in: vault)
        return ofEveryDevice(in: membership, me: me, capable: try vault.syncRead { try devices(in: caseloads, $0) })
    }

    /// The same, judged against `capable` (read once for many caseloads).
    static func ofEveryDevice(in membership: Membership, me: SigningPublicKey, capable: Set<[UInt8]>) -> Bool {
        membership.members.keys.allSatisfy { $0 == me || capable.contains($0.bytes) }
    }

    /// The devices that have shown it in any of `caseloads`.
    static func devices(in caseloads: [Caseload], _ ledger: SyncLedger) throws -> Set<[UInt8]> {
        try caseloads.reduce(into: Set<[UInt8]>()) { $0.formUnion(try ledger.capableDevices($1.id)) }
    }
}
