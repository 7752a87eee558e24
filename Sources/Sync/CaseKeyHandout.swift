import Cryptography
import Identifiers
import Signatures
import Vault
import WireFormat

/// Case keys kept and handed on (Protocol/sync.md, "Key pools"): every current device of a
/// case's caseload gets the key once, in a drop sealed to a key it published for this
/// device; never in any form a member keeps, so that deleting it everywhere destroys the case.
struct CaseKeyHandout {
    /// Keys per drop: a drop of 10,000 (480 kB sealed) stays well inside an envelope.
    static let keysPerDrop = 10_000

    let pool: KeyPool
    /// Whether `pool` is the home caseload's.
    let isHome: Bool

    /// Drops for every current device of the caseload lacking keys of it, each device then
    /// counted as a holder; and how many keys still wait for a device that published no
    /// usable key (handed over at a later sync). In the home caseload, whose devices are all
    /// this counsellor's, every key goes, of every caseload, each named with its caseload:
    /// a newly linked device reads every case from its first sync.
    func drops(_ holding: inout HeldCaseKeys, _ ledger: SyncLedger) throws -> (drops: [ControlMessage.Drop], waiting: Int) {
        let caseload = pool.caseload
        var held = holding.all.filter { isHome || $0.holders[caseload] != nil }
        var logs = CaseloadLogs(ledger: ledger, known: [caseload: pool.membership])
        var drops: [ControlMessage.Drop] = []
        var waiting = 0
        for recipient in pool.senders {
            // At home, only keys of caseloads the own device is a current member of.
            var lacking: [(index: Int, caseload: CaseloadID)] = []
            for index in held.indices {
                for named in isHome ? Array(held[index].holders.keys) : [caseload] where !held[index].holders[named]!.contains(recipient.bytes) {
                    if try logs.membership(of: named).members[recipient] != nil { lacking.append((index, named)) }
                }
            }
            for start in stride(from: 0, to: lacking.count, by: Self.keysPerDrop) {
                let some = lacking[start..<min(start + Self.keysPerDrop, lacking.count)]
                guard let key = try pool.key(for: recipient, ledger) else {
                    waiting += lacking.count - start
                    break
                }
                let keys = some.map { (caseload: $0.caseload, caseKey: CaseKey(key: held[$0.index].key)) }
                drops.append(try CaseKeyDelivery.drop(keys, from: pool.me, to: recipient, kind: ControlMessage.Drop.Kind(rawValue: key.kind.rawValue)!,
                                                      number: key.number, publicKey: key.publicKey))
                for pair in some { held[pair.index].holders[pair.caseload]!.insert(recipient.bytes) }
                for index in Set(some.map(\.index)) { try holding.store(held[index], ledger) }
            }
        }
        return (drops, waiting)
    }

    /// Keeps case keys `author` handed this device in a control envelope of `caseload`: a key
    /// certifies its case id, so nobody can pass off another key for a case; a key already
    /// held gains the caseload. For this caseload, the author and every device its message
    /// dropped keys to count as holding them (handing them on again would only multiply the
    /// drops); a device it could not reach yet is handed them by whoever holds them. A key
    /// of a case destroyed here, or whose destruction the named caseload's log holds, is not kept.
    static func keep(_ keys: [(caseload: CaseloadID, caseKey: CaseKey)], from author: SigningPublicKey, handedTo recipients: Set<SigningPublicKey>,
                     in caseload: CaseloadID, membership: Membership, me: SigningPublicKey, _ ledger: SyncLedger) throws {
        var logs = CaseloadLogs(ledger: ledger, known: [caseload: membership])
        for (named, caseKey) in keys {
            // The log of the caseload the key is named for decides, wherever it travelled.
            if try logs.membership(of: named).destroyedCases[caseKey.caseID] != nil { continue }
            if try ledger.isDestroyed(caseKey.caseID) { continue }
            var held = try ledger.caseKey(caseKey.caseID) ?? HeldCaseKey(caseID: caseKey.caseID, key: caseKey.key, holders: [:])
            // Named for another caseload, from an own device at home: it and this one hold it.
            let holders = named == caseload ? Set(recipients.map(\.bytes)).union([author.bytes, me.bytes]) : [author.bytes, me.bytes]
            held.holders[named, default: []].formUnion(holders)
            try ledger.storeCaseKey(held)
        }
    }
}

extension CaseKey {
    /// The key a case opened now in `caseload` is to get, not yet kept: the caller keeps it in
    /// the case's own write (`Vault.write(alongside:)`), so a refused command leaves none behind.
    /// Nil when the case is to be opened without one: while some current device of the
    /// caseload, or of the own caseload (its private note goes there), has not shown that it
    /// reads case content (a `vp` from before key pools would
    /// never see the case), or when the vault does not sync at all.
    public static func forNewCase(in caseload: CaseloadID?, vault: Vault) throws -> HeldCaseKey? {
        try forNewCases(1, in: caseload, vault: vault)?.first
    }

    /// Keys for `count` cases opened at once in `caseload` (an import), on the same terms.
    public static func forNewCases(_ count: Int, in caseload: CaseloadID?, vault: Vault) throws -> [HeldCaseKey]? {
        let home: Caseload
        do { home = try Caseload.home(of: vault) } catch SyncError.notSetUp { return nil }
        let id = caseload ?? home.id
        guard let shared = try Caseload.all(in: vault).first(where: { $0.id == id }) else { return nil }
        let me = try vault.identity().signing.publicKey
        // Its private note travels in the own caseload: the own devices must read it too.
        guard try KeyCapability.ofEveryDevice(in: try shared.membership(in: vault), vault: vault),
              try shared.isHome || KeyCapability.ofEveryDevice(in: try home.membership(in: vault), vault: vault) else { return nil }
        return (0..<count).map { _ in CaseKey.random().held(in: id, by: me) }
    }

    /// A new case's key, kept in the vault for `caseload`, whose other devices get it at the
    /// next sync (those that published keys for this device; the rest later).
    public static func create(for caseload: CaseloadID, in vault: Vault) throws -> CaseKey {
        let caseKey = CaseKey.random()
        let held = caseKey.held(in: caseload, by: try vault.identity().signing.publicKey)
        try vault.syncTransaction { try $0.storeCaseKey(held) }
        return caseKey
    }

    /// This key as its maker holds it: in `caseload`, known to no other device yet.
    func held(in caseload: CaseloadID, by me: SigningPublicKey) -> HeldCaseKey {
        HeldCaseKey(caseID: caseID, key: key, holders: [caseload: [me.bytes]])
    }
}
