import Foundation
import Identifiers
import Signatures
import Vault
import WireFormat

/// Brings the counsellor's own devices into the shared caseloads this device takes part in.
/// A device linked before a caseload was created or joined is otherwise never added to it;
/// this device adds it (as admin, or under the rule that a member may add a device of their
/// own) with its own role, and hands back the caseload's keys, which the caller tells the
/// own devices through the own caseload.
public enum OwnDeviceInclusion {
    public struct Included: Sendable {
        public let caseload: Caseload
        /// JSON object: epoch (decimal) → key (hex).
        public let keys: String
    }

    public static func run(vault: Vault, relay: any RelayTransport, now: @escaping @Sendable () -> UInt64) async throws -> [Included] {
        let identity = try vault.identity()
        let caseloads = try Caseload.all(in: vault)
        let own = try caseloads[0].membership(in: vault).members.keys
        var included: [Included] = []
        for caseload in caseloads.dropFirst() {
            // Offline first: only a caseload whose local log lacks an own device costs a request.
            let local = try caseload.membership(in: vault)
            guard local.members[identity.signing.publicKey] != nil,
                  own.contains(where: { local.members[$0] == nil && local.removed[$0] == nil })
            else { continue }
            let sync = MembershipSync(vault: vault, caseload: caseload, relay: relay, keys: identity.signing)
            var membership: Membership
            do { membership = try await sync.run() } catch SyncError.removed { continue }
            guard let role = membership.members[identity.signing.publicKey]?.role else { continue }
            let counsellorKey = try CounsellorKey.of(vault)
            let missing = own.filter { membership.members[$0] == nil && membership.removed[$0] == nil }.sorted()
            var added = 0
            for device in missing {
                do {
                    try await sync.append(.add(device: device, role: role, by: counsellorKey, id: caseload.counsellor), after: &membership,
                                          milliseconds: now())
                    added += 1
                } catch is WireError {
                    continue  // the log refuses it (e.g. an id bound otherwise): that caseload stays as it is
                } catch SyncError.refused(409, _) {
                    continue  // another change came first; the next sync tries again
                }
            }
            guard added > 0 else { continue }
            included.append(Included(caseload: caseload, keys: try keysJSON(of: caseload, vault: vault)))
        }
        return included
    }

    static func keysJSON(of caseload: Caseload, vault: Vault) throws -> String {
        let entry = try Grant.entry(for: caseload, vault: vault)
        return String(decoding: try JSONEncoder().encode(entry.keys), as: UTF8.self)
    }
}

extension Caseload {
    /// Takes part in a shared caseload an own device told about (id, name and keys as
    /// `OwnDeviceInclusion` gives them); false when it is known here already.
    public static func learn(id: String, name: String, keys: String, in vault: Vault) throws -> Bool {
        guard let caseload = CaseloadID(hex: id) else { return false }
        guard try !all(in: vault).contains(where: { $0.id == caseload }) else { return false }
        guard let parsed = try? JSONDecoder().decode([String: String].self, from: Data(keys.utf8)) else { return false }
        try Grant(counsellor: nil, relay: "", home: nil, caseloads: [Grant.Entry(caseload: id, name: name, keys: parsed)]).store(in: vault)
        return true
    }
}
