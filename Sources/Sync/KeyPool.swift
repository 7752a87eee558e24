import Cryptography
import Identifiers
import Signatures
import Vault
import WireFormat

/// This device's X25519 keys in one caseload, published for the others to seal case keys
/// to, and the keys the others published for it (Protocol/sync.md, "Key pools"). One-time
/// keys are one sender's each, used in order and deleted at first use; the last-resort key
/// is for a sender that has none left. Every private half also dies a week after its `not
/// after`, so that a drop the relay withheld cannot be opened after the case is destroyed.
struct KeyPool {
    static let day: UInt64 = 86_400_000
    /// Below this many unused one-time keys of a sender, new ones are published up to `size`.
    static let refillBelow = 4
    static let size = 8
    static let oneTimeLifetime = 30 * day
    static let lastResortLifetime = 14 * day
    /// A last-resort key with less than this left is replaced.
    static let lastResortRenewal = 7 * day

    let caseload: CaseloadID
    let membership: Membership
    let me: SigningPublicKey
    /// Unix milliseconds.
    let now: UInt64

    /// The devices that may use this device's keys: every other current device of the caseload.
    var senders: [SigningPublicKey] { membership.members.keys.filter { $0 != me }.sorted { $0.bytes.lexicographicallyPrecedes($1.bytes) } }

    /// How far ahead of now a published key's `not after` may lie (its lifetime and a day of
    /// clock drift): a member cannot make this device keep a key for ever.
    static let furthestNotAfter = oneTimeLifetime + day
    /// Unused one-time keys kept per publisher: more are ignored (a member cannot fill the vault).
    static let keptPerPublisher = 2 * size

    /// Deletes private halves past their grace, and those no current device may use any more
    /// (a one-time key's sender left; nobody else is left for the last-resort key); and keys
    /// others published that are past `not after` or whose publisher left. Returns how many.
    @discardableResult
    func forgetExpired(_ ledger: SyncLedger) throws -> Int {
        guard membership.members[me] != nil else { return try Self.forgetAll(in: caseload, ledger) }
        let alone = senders.isEmpty
        var forgotten = 0
        for key in try ledger.ownBoxKeys(caseload) {
            let senderLeft = key.sender.map { SigningPublicKey(bytes: $0).map { membership.members[$0] == nil } ?? true } ?? alone
            if KeyExpiry.isDue(key, now: now) || senderLeft {
                try ledger.deleteOwnBoxKey(key.id)
                forgotten += 1
            }
        }
        for key in try ledger.peerKeys(caseload) {
            let publisherLeft = SigningPublicKey(bytes: key.publisher).map { membership.members[$0] == nil } ?? true
            if KeyExpiry.isDue(key, now: now) || publisherLeft {
                try ledger.deletePeerKey(key.id)
                forgotten += 1
            }
        }
        return forgotten
    }

    /// Deletes every key of a caseload this device is no longer in. Returns how many.
    static func forgetAll(in caseload: CaseloadID, _ ledger: SyncLedger) throws -> Int {
        let own = try ledger.ownBoxKeys(caseload), peer = try ledger.peerKeys(caseload)
        for key in own { try ledger.deleteOwnBoxKey(key.id) }
        for key in peer { try ledger.deletePeerKey(key.id) }
        return own.count + peer.count
    }

    /// New keys to publish, their private halves kept in the same transaction: one-time keys
    /// for each sender with fewer than `refillBelow` unused, and a new last-resort key when the
    /// current one runs out within `lastResortRenewal`. Nothing when no other device is there.
    func topUp(_ ledger: SyncLedger) throws -> ControlMessage {
        var message = ControlMessage()
        let senders = senders
        guard !senders.isEmpty else { return message }
        let own = try ledger.ownBoxKeys(caseload).filter { $0.notAfter > now }
        for sender in senders {
            let unused = own.filter { $0.kind == .oneTime && $0.sender == sender.bytes }.count
            guard unused < Self.refillBelow else { continue }
            for _ in unused..<Self.size {
                let pair = try BoxKeyPair.generate()
                let notAfter = now + Self.oneTimeLifetime
                let number = try ledger.addOwnBoxKey(caseload, kind: .oneTime, sender: sender.bytes, notAfter: notAfter, pair: pair)
                message.oneTimeKeys.append(ControlMessage.OneTimeKey(sender: sender, number: number, publicKey: pair.publicKey, notAfter: notAfter))
            }
        }
        if !own.contains(where: { $0.kind == .lastResort && $0.notAfter >= now + Self.lastResortRenewal }) {
            let pair = try BoxKeyPair.generate()
            let notAfter = now + Self.lastResortLifetime
            let number = try ledger.addOwnBoxKey(caseload, kind: .lastResort, sender: nil, notAfter: notAfter, pair: pair)
            message.lastResortKeys.append(ControlMessage.LastResortKey(number: number, publicKey: pair.publicKey, notAfter: notAfter))
        }
        return message
    }

    /// The key to seal the next drop for `recipient` to: its lowest unused one-time key for
    /// this device (taken: deleted here, it is used once), else its last-resort key; nil when
    /// it published neither, or only keys past `not after`.
    func key(for recipient: SigningPublicKey, _ ledger: SyncLedger) throws -> PeerBoxKey? {
        let usable = try ledger.peerKeys(caseload).filter { $0.publisher == recipient.bytes && $0.notAfter > now }
        if let oneTime = usable.filter({ $0.kind == .oneTime }).min(by: { $0.number < $1.number }) {
            try ledger.deletePeerKey(oneTime.id)
            return oneTime
        }
        return usable.filter { $0.kind == .lastResort }.max { $0.number < $1.number }
    }

    /// What a control envelope of `author` gave this device.
    struct Received {
        var keys: [(caseload: CaseloadID, caseKey: CaseKey)] = []
        /// One-time keys deleted unopened because a drop to a higher number came first:
        /// their drops were lost or withheld.
        var skipped = 0
    }

    /// What a checked control envelope of `author` says to this device: keys published for it
    /// to use (within bounds), and drops addressed to it, opened with the private half they
    /// name (deleted in this transaction, with every lower-numbered one-time key of that
    /// sender: senders use them in order, so those drops were lost or withheld). A bundle's
    /// key counts only for this caseload, or, from an own device in the home caseload, for
    /// any caseload (`mayName`).
    func receive(_ message: ControlMessage, from author: SigningPublicKey, mayName: (CaseloadID) -> Bool, _ ledger: SyncLedger) throws -> Received {
        let peer = try ledger.peerKeys(caseload).filter { $0.publisher == author.bytes }
        var numbers = Set(peer.filter { $0.kind == .oneTime }.map(\.number))
        for key in message.oneTimeKeys where key.sender == me && key.notAfter <= now + Self.furthestNotAfter && !numbers.contains(key.number) {
            guard numbers.count < Self.keptPerPublisher else { break }
            numbers.insert(key.number)
            try ledger.addPeerKey(caseload, PeerBoxKey(publisher: author.bytes, kind: .oneTime, number: key.number, publicKey: key.publicKey, notAfter: key.notAfter))
        }
        let lastResorts = peer.filter { $0.kind == .lastResort }
        if let lastResort = message.lastResortKeys.first, lastResort.notAfter <= now + Self.furthestNotAfter,
           lastResorts.allSatisfy({ $0.number < lastResort.number }) {
            // One last-resort key per publisher: a newer one (a higher number, whatever order
            // the relay serves them in) replaces the one before.
            for old in lastResorts { try ledger.deletePeerKey(old.id) }
            try ledger.addPeerKey(caseload, PeerBoxKey(publisher: author.bytes, kind: .lastResort, number: lastResort.number,
                                                       publicKey: lastResort.publicKey, notAfter: lastResort.notAfter))
        }
        var received = Received()
        let drops = message.drops.filter { $0.recipient == me }
        guard !drops.isEmpty else { return received }
        var own = try ledger.ownBoxKeys(caseload)
        for drop in drops {
            guard let key = own.first(where: { $0.kind.rawValue == drop.kind.rawValue && $0.number == drop.number
                                                && ($0.kind == .lastResort || $0.sender == author.bytes) }),
                  let keys = CaseKeyDelivery.open(drop, from: author, with: key.pair)
            else { continue }
            if key.kind == .oneTime {
                let spent = own.filter { $0.kind == .oneTime && $0.sender == author.bytes && $0.number <= key.number }
                for used in spent { try ledger.deleteOwnBoxKey(used.id) }
                // Lower keys past `not after` were passed over by the sender on purpose.
                received.skipped += spent.filter { $0.id != key.id && $0.notAfter > now }.count
                own.removeAll { spent.map(\.id).contains($0.id) }
            }
            received.keys += keys.filter { mayName($0.caseload) }
        }
        return received
    }
}
