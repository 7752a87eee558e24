import Cryptography
import Foundation
import Identifiers
import Signatures
import Vault
import WireFormat

/// Sharing a caseload with a co-counsellor: an admin shows a one-time code; the invitee's
/// device sends its key, its counsellor id and its counsellor's certificate, signed with the
/// device key; the admin adds it with the chosen role and answers with the caseload's keys
/// (the whole history stays readable).
public enum CaseloadInvitation {
    static let proofLabel = Array("vertrouwd:join-request:v2".utf8) + [0]
    static let requestLength = 32 + CounsellorID.byteCount + DeviceCertificate.length + SigningKeyPair.signatureLength

    /// What the invitee sends: device key ‖ counsellor id ‖ certificate ‖ the device's
    /// signature over the mailbox and all before (it holds the key it names).
    static func request(code: LinkCode, device: SigningKeyPair, counsellor: CounsellorID, certificate: DeviceCertificate) -> [UInt8] {
        let claim = device.publicKey.bytes + counsellor.bytes + certificate.bytes
        return claim + device.sign(proofLabel + code.mailbox + claim)
    }

    /// On the admin's device. Returns the invitee's counsellor id (short) and the code both
    /// sides can compare (`ComparisonCode.devices`).
    public static func offer(
        code: LinkCode, caseload: Caseload, role: MembershipEntry.Role, vault: Vault, relay: any RelayTransport,
        now: @escaping @Sendable () -> UInt64, ready: () -> Void
    ) async throws -> (counsellor: String, device: String, comparison: String) {
        guard !caseload.isHome else { throw SyncError.linkRejected("your own caseload is never shared; create a caseload to share") }
        let identity = try vault.identity()
        let sync = MembershipSync(vault: vault, caseload: caseload, relay: relay, keys: identity.signing)
        var membership = try await sync.run()
        guard membership.members[identity.signing.publicKey]?.role == .admin else { throw SyncError.notAdmin(caseload.name) }
        var invitee: (CounsellorID, SigningPublicKey)?
        try await LinkMailbox.host(code: code, relay: relay, ready: ready) { request in
            guard request.count == requestLength, let device = SigningPublicKey(bytes: Array(request.prefix(32))),
                  let certificate = try? DeviceCertificate(bytes: Array(request[48..<(48 + DeviceCertificate.length)])),
                  device.verifies(Array(request.suffix(SigningKeyPair.signatureLength)), of: proofLabel + code.mailbox + Array(request.dropLast(SigningKeyPair.signatureLength)))
            else { throw SyncError.linkRejected("the invitation answer was malformed or not signed by its device") }
            let counsellor = CounsellorID(bytes: Array(request[32..<48]))
            // A newcomer cannot take the name of someone already here (their own devices
            // join through 'vp device link', vouched for by a device of theirs).
            guard !membership.members.values.contains(where: { $0.counsellor == counsellor }),
                  !membership.removed.keys.contains(device)
            else { throw SyncError.linkRejected("the invitee claims to be a counsellor who is already in this caseload") }
            invitee = (counsellor, device)
            // The log refuses a certificate whose key does not own the claimed id.
            do {
                try await sync.append(.add(device: device, role: role, counsellor: counsellor, certificate: certificate),
                                      after: &membership, milliseconds: now())
            } catch is WireError {
                throw SyncError.linkRejected("the invitee's counsellor id is not theirs")
            }
            let grant = Grant(counsellor: nil, relay: relay.address, home: nil,
                              caseloads: [try Grant.entry(for: caseload, vault: vault)])
            return try grant.sealed(to: device)
        }
        guard let (counsellor, device) = invitee else { throw SyncError.linkRejected("no colleague answered") }
        return (counsellor.short, DeviceIdentity.deviceID(of: device).description, ComparisonCode.devices(identity.signing.publicKey, device))
    }

    /// The code this device and the device that added it to `caseload` both showed, read
    /// from the verified membership log (after the first sync).
    public static func comparisonCode(of caseload: Caseload, vault: Vault) throws -> String? {
        let me = try vault.identity().signing.publicKey
        // The verified log: an entry that does not decode is damage to report, not to skip.
        let adding = try caseload.membership(in: vault).entries.first { if case .add(me, _, _, _) = $0.action { $0.author != me } else { false } }
        return adding.map { ComparisonCode.devices($0.author, me) }
    }

    /// On the invitee's device: joins and stores the caseload. Returns its name.
    /// `relay` has no identity: this device is not a member yet.
    public static func join(code: LinkCode, vault: Vault, relay: any RelayTransport) async throws -> String {
        let identity = try vault.identity()
        let home = try Caseload.home(of: vault)
        let counsellorKey = try CounsellorKey.of(vault)
        guard CounsellorID(key: counsellorKey.publicKey) == home.counsellor else { throw SyncError.identityFromBeforeVersion2 }
        let certificate = DeviceCertificate.issue(for: identity.signing.publicKey, by: counsellorKey)
        let request = request(code: code, device: identity.signing, counsellor: home.counsellor, certificate: certificate)
        let sealed = try await LinkMailbox.ask(code: code, relay: relay, request: request)
        let grant = try Grant.open(sealed, with: identity.signing)
        guard let entry = grant.caseloads.first else { throw SyncError.linkRejected("the answer was not for this device") }
        guard try Caseload.all(in: vault).allSatisfy({ $0.name.lowercased() != entry.name.lowercased() }) else {
            throw SyncError.caseloadExists(entry.name)
        }
        try grant.store(in: vault)
        return entry.name
    }
}
