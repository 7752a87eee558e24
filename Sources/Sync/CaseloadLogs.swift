import Identifiers
import Vault
import WireFormat

/// The verified membership logs of the vault's caseloads, each read from the ledger once,
/// inside a sync transaction: who is a member of which caseload, and which cases its log
/// destroyed, when a key named for one caseload travels in another (at home).
struct CaseloadLogs {
    let ledger: SyncLedger
    private var read: [CaseloadID: Membership]

    /// `known`: logs already in hand (the caseload being worked on).
    init(ledger: SyncLedger, known: [CaseloadID: Membership] = [:]) {
        self.ledger = ledger
        read = known
    }

    /// The log of `caseload` as this vault verified it (empty for one it does not take part in).
    mutating func membership(of caseload: CaseloadID) throws -> Membership {
        if let membership = read[caseload] { return membership }
        // Verified when stored: an entry that does not decode is damage.
        let entries = try ledger.membershipEntries(caseload).map { bytes in
            do { return try MembershipEntry(bytes: bytes) } catch { throw VaultError.damaged(what: "membership log") }
        }
        let membership: Membership
        do { membership = try Membership(entries: entries) } catch { throw VaultError.damaged(what: "membership log") }
        read[caseload] = membership
        return membership
    }
}
