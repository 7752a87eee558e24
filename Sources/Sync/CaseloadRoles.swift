import Foundation
import Identifiers
import Signatures
import Vault
import WireFormat

/// Giving a colleague another role in a shared caseload, on all of their devices. Made a
/// reader, a device keeps what it wrote before (the entry records how far that goes, as a
/// removal does); nothing it signs afterwards counts.
public enum CaseloadRoles {
    /// Returns how many devices changed role.
    public static func change(
        _ member: String, in caseload: Caseload, to role: MembershipEntry.Role, vault: Vault, relay: any RelayTransport,
        now: @escaping @Sendable () -> UInt64
    ) async throws -> Int {
        let identity = try vault.identity()
        let sync = MembershipSync(vault: vault, caseload: caseload, relay: relay, keys: identity.signing)
        var membership = try await sync.run()
        guard membership.members[identity.signing.publicKey]?.role == .admin else { throw SyncError.notAdmin(caseload.name) }
        var changed = 0
        for device in try membership.devices(ofColleague: member, in: caseload) where membership.members[device]?.role != role {
            let ceiling = try vault.syncRead { try $0.acceptedWithoutGaps(caseload.id, author: device.bytes) }
            try await sync.append(.changeRole(device: device, role: role, ceiling: ceiling), after: &membership, milliseconds: now())
            changed += 1
        }
        return changed
    }
}
