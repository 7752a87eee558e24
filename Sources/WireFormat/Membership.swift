import Identifiers
import Signatures

/// The membership of a caseload: the fold of its verified log. The relay and every client
/// run the same checks, so they agree on who may write and read.
public struct Membership: Sendable {
    public struct Member: Hashable, Sendable {
        public let device: SigningPublicKey
        public let role: MembershipEntry.Role
        public let counsellor: CounsellorID
        /// The epoch in force when the device was added.
        public let since: UInt32
        /// For a reader that was a writer before: its envelopes up to this number were
        /// written while it could write, and still count.
        public var wroteThrough: UInt64 = 0
    }

    public private(set) var caseload: CaseloadID?
    public private(set) var entries: [MembershipEntry] = []
    public private(set) var members: [SigningPublicKey: Member] = [:]
    /// What a removed device may still have written: envelopes of an epoch before `epoch`
    /// numbered at most `ceiling` (written before the removal, possibly not yet read).
    public struct Removal: Hashable, Sendable {
        public let epoch: UInt32
        public let ceiling: UInt64

        public init(epoch: UInt32, ceiling: UInt64) {
            self.epoch = epoch
            self.ceiling = ceiling
        }
    }

    /// Removed devices and the limits of what they may have written.
    public private(set) var removed: [SigningPublicKey: Removal] = [:]
    public private(set) var epoch: UInt32 = 0
    /// Every counsellor id the log has named, with the key that certified its devices since
    /// version 2 (none yet for an id only version 1 entries named).
    public private(set) var counsellorKeys: [CounsellorID: SigningPublicKey?] = [:]
    /// A removal waits for its rotation; until then no other change is accepted.
    public private(set) var rotationDue = false
    /// Cases destroyed by an admin's entry: case id → that entry's number and tag key.
    public private(set) var destroyedCases: [[UInt8]: Destruction] = [:]

    public struct Destruction: Hashable, Sendable {
        public let entry: UInt64
        public let tagKey: [UInt8]

        public init(entry: UInt64, tagKey: [UInt8]) {
            self.entry = entry
            self.tagKey = tagKey
        }
    }

    public init() {}

    public init(entries: [MembershipEntry]) throws(WireError) {
        for entry in entries { try append(entry) }
    }

    /// Checks `entry` against the log so far and applies it, or throws without change.
    public mutating func append(_ entry: MembershipEntry) throws(WireError) {
        guard entry.isSignatureValid else { throw .badSignature }
        // No going back to an older format (a version 1 removal has no ceiling).
        guard entry.version >= (entries.last?.version ?? 0) else { throw .brokenChain("entry of an older version than the one before") }
        guard entry.sequence == UInt64(entries.count) else { throw .brokenChain("expected entry \(entries.count), got \(entry.sequence)") }
        if let last = entries.last {
            guard entry.caseload == caseload else { throw .brokenChain("entry of another caseload") }
            guard entry.previous == last.hash else { throw .brokenChain("previous hash does not match") }
            guard let author = members[entry.author] else { throw .brokenChain("author is not a member") }
            if author.role != .admin {
                // A counsellor may add their own new device, with no more rights than they have.
                guard case .add(_, let role, let counsellor, _) = entry.action, counsellor == author.counsellor,
                      role.rawValue >= author.role.rawValue
                else { throw .brokenChain("author is not an admin") }
            }
        } else {
            guard entry.previous.allSatisfy({ $0 == 0 }) else { throw .brokenChain("first entry names a previous one") }
            guard case .add(let device, .admin, _, _) = entry.action, device == entry.author else {
                throw .brokenChain("the first entry must add its author as admin")
            }
        }
        switch entry.action {
        case .add(let device, let role, let counsellor, let certificate):
            guard !rotationDue else { throw .brokenChain("a removal must be followed by a rotation") }
            guard members[device] == nil, removed[device] == nil else { throw .brokenChain("device already known") }
            guard counsellor.bytes.count == CounsellorID.byteCount else { throw .malformed("counsellor id") }
            if entry.version >= 2 {
                try bind(counsellor, to: certificate, of: device, by: members[entry.author]?.counsellor)
            } else if counsellorKeys[counsellor] == nil {
                counsellorKeys[counsellor] = .some(nil)
            }
            members[device] = Member(device: device, role: role, counsellor: counsellor, since: epoch)
        case .remove(let device, let ceiling):
            guard !rotationDue else { throw .brokenChain("a removal must be followed by a rotation") }
            guard members[device] != nil else { throw .brokenChain("device is not a member") }
            guard members.values.contains(where: { $0.role == .admin && $0.device != device }) else {
                throw .brokenChain("the last admin cannot be removed")
            }
            members[device] = nil
            removed[device] = Removal(epoch: epoch + 1, ceiling: ceiling)
            rotationDue = true
        case .changeRole(let device, let role, let ceiling):
            guard !rotationDue else { throw .brokenChain("a removal must be followed by a rotation") }
            guard let member = members[device] else { throw .brokenChain("device is not a member") }
            guard member.role != role else { throw .brokenChain("the device already has that role") }
            if member.role == .admin {
                guard members.values.contains(where: { $0.role == .admin && $0.device != device }) else {
                    throw .brokenChain("the last admin cannot lose that role")
                }
            }
            var changed = Member(device: device, role: role, counsellor: member.counsellor, since: member.since)
            if role == .reader { changed.wroteThrough = member.role == .reader ? member.wroteThrough : ceiling }
            members[device] = changed
        case .destroy(let caseID, let tagKey):
            // Only admins get here (checked above); each case is destroyed once.
            guard !rotationDue else { throw .brokenChain("a removal must be followed by a rotation") }
            guard caseID.count == MembershipEntry.caseIDLength, tagKey.count == MembershipEntry.tagKeyLength else { throw .malformed("destroy entry") }
            guard caseID == MembershipEntry.caseID(tagKey: tagKey) else { throw .brokenChain("the case id is not the one of the tag key") }
            guard destroyedCases[caseID] == nil else { throw .brokenChain("the case was destroyed before") }
            destroyedCases[caseID] = Destruction(entry: entry.sequence, tagKey: tagKey)
        case .rotate(let newEpoch, let sealedKeys, _):
            guard newEpoch == epoch + 1 else { throw .brokenChain("epoch must advance by one") }
            guard Set(sealedKeys.map(\.recipient)) == Set(members.keys), sealedKeys.count == members.count else {
                throw .brokenChain("the new key must be sealed to exactly the current members")
            }
            epoch = newEpoch
            rotationDue = false
        }
        caseload = entry.caseload
        entries.append(entry)
    }

    public var head: MembershipEntry? { entries.last }

    /// Whether a case content envelope (or stub) with `tag` and `nonce` belongs to a case a
    /// destroy entry of this log named: its tag is that entry's tag key's tag of the nonce.
    public func destroys(tag: [UInt8], nonce: [UInt8]) -> Bool {
        destroyedCases.values.contains { CaseEnvelopeBody.tag(tagKey: $0.tagKey, nonce: nonce) == tag }
    }

    /// A version 2 `add` must carry a certificate of its device by a counsellor key, and
    /// that key must own the id: either the id is made from the key, or the id came from
    /// version 1 entries of this log, a device of that counsellor writes the entry, and this
    /// key is the first, and from then on the only, one to certify its devices. So nobody
    /// can join under the id of someone made from a key, nor under an id already bound.
    private mutating func bind(
        _ counsellor: CounsellorID, to certificate: DeviceCertificate?, of device: SigningPublicKey, by author: CounsellorID?
    ) throws(WireError) {
        guard let certificate, certificate.certifies(device) else { throw .brokenChain("the device has no valid certificate of its counsellor") }
        let key = certificate.counsellorKey
        switch counsellorKeys[counsellor] {
        case .some(.some(let bound)):
            guard bound == key else { throw .brokenChain("another key certifies this counsellor's devices") }
        case .some(.none):
            // An id from before version 2: bound now, but only by one of its own devices.
            guard author == counsellor else { throw .brokenChain("only the counsellor's own device may bind their id") }
            counsellorKeys[counsellor] = .some(key)
        case .none:
            guard CounsellorID(key: key) == counsellor else { throw .brokenChain("the counsellor id is not made from the certifying key") }
            counsellorKeys[counsellor] = .some(key)
        }
    }

    /// Whether `device` may write from now on: a current member that is not a reader.
    public func isWriter(_ device: SigningPublicKey) -> Bool {
        members[device].map { $0.role != .reader } ?? false
    }

    /// Whether `device` may have written its envelope number `sequence` of `epoch`
    /// (readers may not write; a removed device only what it wrote before its removal).
    public func canWrite(_ device: SigningPublicKey, epoch envelopeEpoch: UInt32, sequence: UInt64) -> Bool {
        if let member = members[device] {
            guard envelopeEpoch <= epoch else { return false }
            return member.role != .reader || sequence <= member.wroteThrough
        }
        if let removal = removed[device] { return envelopeEpoch < removal.epoch && sequence <= removal.ceiling }
        return false
    }
}
