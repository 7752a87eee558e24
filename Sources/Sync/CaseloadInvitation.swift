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
    static let namedProofLabel = Array("vertrouwd:join-request:v3".utf8) + [0]
    static let keyedProofLabel = Array("vertrouwd:join-request:v4".utf8) + [0]
    static let requestLength = 32 + CounsellorID.byteCount + DeviceCertificate.length + SigningKeyPair.signatureLength

    /// What the invitee sends: device key ‖ counsellor id ‖ certificate, then (version 3)
    /// u16 length ‖ display name ‖ its signature by the counsellor key when the length is not
    /// 0, and last the device's signature over the mailbox and all before (it holds the key
    /// it names). Without a name it is version 2. With a link key (version 4, the name's
    /// length may be 0) the key comes before the device's signature: the admin drops the
    /// caseload's case keys to it before answering.
    static func request(code: LinkCode, device: SigningKeyPair, counsellor: CounsellorID, certificate: DeviceCertificate,
                        name: SignedDisplayName?, linkKey: [UInt8]? = nil) -> [UInt8] {
        var claim = device.publicKey.bytes + counsellor.bytes + certificate.bytes
        if let linkKey {
            let text = Array((name?.name ?? "").utf8)
            claim += [UInt8(text.count >> 8), UInt8(text.count & 0xFF)] + text + (name?.signature ?? []) + linkKey
            return claim + device.sign(keyedProofLabel + code.mailbox + claim)
        }
        guard let name else { return claim + device.sign(proofLabel + code.mailbox + claim) }
        let length = name.name.utf8.count
        claim += [UInt8(length >> 8), UInt8(length & 0xFF)] + Array(name.name.utf8) + name.signature
        return claim + device.sign(namedProofLabel + code.mailbox + claim)
    }

    /// A request read and its device signature checked; nil when malformed or not signed.
    struct Request {
        let device: SigningPublicKey
        let counsellor: CounsellorID
        let certificate: DeviceCertificate
        /// Only a name whose signature the certificate's counsellor key verifies.
        let name: SignedDisplayName?
        /// The invitee's link key (version 4): its one-time key number 0 in the caseload for the admin.
        var linkKey: [UInt8]? = nil

        init?(_ bytes: [UInt8], mailbox: [UInt8]) {
            let fixed = requestLength - SigningKeyPair.signatureLength
            guard bytes.count >= requestLength, let device = SigningPublicKey(bytes: Array(bytes.prefix(32))),
                  let certificate = try? DeviceCertificate(bytes: Array(bytes[48..<fixed]))
            else { return nil }
            let claim = Array(bytes.dropLast(SigningKeyPair.signatureLength))
            let counsellor = CounsellorID(bytes: Array(bytes[32..<48]))
            if bytes.count == requestLength {
                name = nil
                guard device.verifies(Array(bytes.suffix(SigningKeyPair.signatureLength)), of: proofLabel + mailbox + claim) else { return nil }
            } else {
                guard claim.count > fixed + 2 else { return nil }
                let length = Int(claim[fixed]) << 8 | Int(claim[fixed + 1])
                let nameSignature = length > 0 ? SigningKeyPair.signatureLength : 0
                // Version 4 ends in a link key; its lengths never add up as version 3's do.
                let keyed = claim.count == fixed + 2 + length + nameSignature + BoxKeyPair.keyLength
                guard length <= SignedDisplayName.maximumLength, keyed || length >= 1,
                      keyed || claim.count == fixed + 2 + length + SigningKeyPair.signatureLength,
                      let text = String(validating: claim[(fixed + 2)..<(fixed + 2 + length)], as: UTF8.self),
                      device.verifies(Array(bytes.suffix(SigningKeyPair.signatureLength)), of: (keyed ? keyedProofLabel : namedProofLabel) + mailbox + claim)
                else { return nil }
                if keyed { linkKey = Array(claim.suffix(BoxKeyPair.keyLength)) }
                let signature = Array(claim[(fixed + 2 + length)..<(fixed + 2 + length + nameSignature)])
                let signed = SignedDisplayName(name: text, signature: signature)
                name = length > 0 && signed.verifies(counsellor: counsellor, key: certificate.counsellorKey) ? signed : nil
            }
            self.device = device
            self.counsellor = counsellor
            self.certificate = certificate
        }
    }

    /// Who joined: their counsellor id, device id, the code both sides compare
    /// (`ComparisonCode.devices`) and the display name they signed, if any.
    public struct Invited: Sendable {
        public let counsellorID: CounsellorID
        public let device: String
        public let comparison: String
        public let name: SignedDisplayName?

        public var counsellor: String { counsellorID.short }
    }

    /// On the admin's device. Returns the invitee's counsellor id (short) and the code both
    /// sides can compare (`ComparisonCode.devices`).
    /// `handOver` syncs this device after the invitee was added and before it is answered:
    /// the caseload's case keys reach it, sealed to its link key, first.
    public static func offer(
        code: LinkCode, caseload: Caseload, role: MembershipEntry.Role, vault: Vault, relay: any RelayTransport,
        now: @escaping @Sendable () -> UInt64, ready: () -> Void, handOver: () async throws -> Void = {}
    ) async throws -> Invited {
        guard !caseload.isHome else { throw SyncError.linkRejected("your own caseload is never shared; create a caseload to share") }
        let identity = try vault.identity()
        let sync = MembershipSync(vault: vault, caseload: caseload, relay: relay, keys: identity.signing)
        var membership = try await sync.run()
        guard membership.members[identity.signing.publicKey]?.role == .admin else { throw SyncError.notAdmin(caseload.name) }
        var invitee: Request?
        try await LinkMailbox.host(code: code, relay: relay, ready: ready) { bytes in
            guard let request = Request(bytes, mailbox: code.mailbox) else {
                throw SyncError.linkRejected("the invitation answer was malformed or not signed by its device")
            }
            let (counsellor, device, certificate) = (request.counsellor, request.device, request.certificate)
            // A newcomer cannot take the name of someone already here (their own devices
            // join through 'vp device link', vouched for by a device of theirs).
            guard !membership.members.values.contains(where: { $0.counsellor == counsellor }),
                  !membership.removed.keys.contains(device)
            else { throw SyncError.linkRejected("the invitee claims to be a counsellor who is already in this caseload") }
            invitee = request
            // The log refuses a certificate whose key does not own the claimed id.
            do {
                try await sync.append(.add(device: device, role: role, counsellor: counsellor, certificate: certificate),
                                      after: &membership, milliseconds: now())
            } catch is WireError {
                throw SyncError.linkRejected("the invitee's counsellor id is not theirs")
            }
            var grant = Grant(counsellor: nil, relay: relay.address, home: nil,
                              caseloads: [try Grant.entry(for: caseload, vault: vault)])
            if let linkKey = request.linkKey {
                try await DeviceLinking.handOver(to: device, linkKey: linkKey, in: caseload.id, vault: vault, now: now, handOver)
                grant.linkedBy = Hex.encode(identity.signing.publicKey.bytes)
            }
            return try grant.sealed(to: device)
        }
        guard let invitee else { throw SyncError.linkRejected("no colleague answered") }
        return Invited(counsellorID: invitee.counsellor, device: DeviceIdentity.deviceID(of: invitee.device).description,
                       comparison: ComparisonCode.devices(identity.signing.publicKey, invitee.device), name: invitee.name)
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
    public static func join(code: LinkCode, vault: Vault, relay: any RelayTransport, now: @Sendable () -> UInt64 = Vault.systemClock) async throws -> String {
        let identity = try vault.identity()
        let home = try Caseload.home(of: vault)
        let counsellorKey = try CounsellorKey.of(vault)
        guard CounsellorID(key: counsellorKey.publicKey) == home.counsellor else { throw SyncError.identityFromBeforeVersion2 }
        let certificate = DeviceCertificate.issue(for: identity.signing.publicKey, by: counsellorKey)
        // The display name goes along signed: should this device be made a reader, it cannot
        // write it there itself.
        let name = try vault.sealedSetting(Caseload.nameSetting).map { String(decoding: $0, as: UTF8.self) }
            .flatMap { (1...SignedDisplayName.maximumLength).contains($0.utf8.count) ? SignedDisplayName.sign($0, counsellor: home.counsellor, key: counsellorKey) : nil }
        let linkKey = try BoxKeyPair.generate()
        let request = request(code: code, device: identity.signing, counsellor: home.counsellor, certificate: certificate, name: name,
                              linkKey: linkKey.publicKey)
        let sealed = try await LinkMailbox.ask(code: code, relay: relay, request: request)
        let grant = try Grant.open(sealed, with: identity.signing)
        guard let entry = grant.caseloads.first, let caseload = CaseloadID(hex: entry.caseload) else {
            throw SyncError.linkRejected("the answer was not for this device")
        }
        guard try Caseload.all(in: vault).allSatisfy({ $0.name.lowercased() != entry.name.lowercased() }) else {
            throw SyncError.caseloadExists(entry.name)
        }
        // The hand-over key first: a vault that cannot take it stores nothing of the grant.
        try DeviceLinking.keep(linkKey, from: grant, in: caseload, vault: vault, now: now)
        try grant.store(in: vault)
        return entry.name
    }
}
