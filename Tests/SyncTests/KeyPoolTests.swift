import Cryptography
import Foundation
import Identifiers
import Replica
import Signatures
import Sync
import Testing
import Vault
import WireFormat

/// Case keys travel between devices only inside drops sealed to one-time (or last-resort)
/// keys the recipient published, whose private halves it deletes once used or expired
/// (Protocol/sync.md, "Key pools"): a copy of the relay's data, with every key a device
/// keeps afterwards, opens none of them.
@Suite struct KeyPoolTests {
    let fixture: SyncFixture
    init() throws { fixture = try SyncFixture() }

    func device(_ vault: Vault) throws -> SigningPublicKey { try vault.identity().signing.publicKey }

    /// Every drop the relay holds in `caseload`, as anyone with the epoch key reads them.
    func dropsAtTheRelay(_ caseload: Caseload, reader: Vault) async throws -> [(author: SigningPublicKey, drop: ControlMessage.Drop)] {
        let keys = try reader.syncRead { try $0.epochKeys(caseload.id) }
        return try await fixture.relayEnvelopes(caseload.id, reader: reader).flatMap { envelope -> [(author: SigningPublicKey, drop: ControlMessage.Drop)] in
            guard envelope.keyScope == ControlEnvelopeSeal.keyScope, case .success(let message) = ControlEnvelopeSeal.open(envelope, key: keys[envelope.epoch]!) else {
                return []
            }
            return message.drops.map { (envelope.author, $0) }
        }
    }

    /// Whether any of `vaults`' private halves opens a drop of those given.
    func anyKeyOpens(_ drops: [(author: SigningPublicKey, drop: ControlMessage.Drop)], in caseload: Caseload, keys vaults: [Vault]) throws -> Bool {
        for vault in vaults {
            for key in try vault.syncRead({ try $0.ownBoxKeys(caseload.id) }) {
                if drops.contains(where: { CaseKeyDelivery.open($0.drop, from: $0.author, with: key.pair) != nil }) { return true }
            }
        }
        return false
    }

    @Test func devicesPublishOneTimeKeysForEachOtherAndALastResortKey() async throws {
        let (laptop, desktop, home) = try await fixture.twoDevicesWithKeys()
        for (vault, other) in [(laptop, desktop), (desktop, laptop)] {
            let own = try vault.syncRead { try $0.ownBoxKeys(home.id) }
            #expect(own.filter { $0.kind == .oneTime }.count == 8)
            #expect(own.filter { $0.kind == .oneTime }.allSatisfy { $0.sender == (try? device(other).bytes) })
            #expect(own.filter { $0.kind == .lastResort }.count == 1)
            let peer = try other.syncRead { try $0.peerKeys(home.id) }
            #expect(Set(peer.map(\.publicKey)) == Set(own.map(\.pair.publicKey)))
            #expect(peer.allSatisfy { $0.publisher == (try? device(vault).bytes) })
        }
        // A full pool is not published again.
        let again = try await fixture.sync(laptop)
        #expect(again.pushedEnvelopes == 0)
        // A counsellor alone publishes nothing: nobody would use it.
        let alone = try fixture.counsellor()
        try await fixture.sync(alone)
        let aloneHome = try Caseload.home(of: alone)
        #expect(try alone.syncRead { try $0.ownBoxKeys(aloneHome.id) }.isEmpty)
    }

    @Test func aCaseKeyReachesTheOtherDeviceAndTheKeyThatCarriedItDies() async throws {
        let (laptop, desktop, home) = try await fixture.twoDevicesWithKeys()
        let caseKey = try CaseKey.create(for: home.id, in: laptop)
        let sent = try await fixture.sync(laptop)
        #expect(sent.caseKeysWaiting == 0)
        let drops = try await dropsAtTheRelay(home, reader: laptop)
        try #require(drops.count == 1)
        let desktopKey = try device(desktop)
        #expect(drops[0].drop.kind == .oneTime && drops[0].drop.recipient == desktopKey)
        // Before the desktop reads it, its private half opens the relay's copy.
        #expect(try anyKeyOpens(drops, in: home, keys: [desktop]))

        let received = try await fixture.sync(desktop)
        #expect(received.receivedCaseKeys == 1)
        let held = try #require(try desktop.syncRead { try $0.caseKey(caseKey.caseID) })
        #expect(held.key.exportBytes() == (try laptop.syncRead { try $0.caseKey(caseKey.caseID) })!.key.exportBytes())
        // The key it was sealed to is gone: the relay's copy, with every key either device
        // keeps now, opens nothing.
        #expect(try !anyKeyOpens(drops, in: home, keys: [desktop, laptop]))
        // The laptop used the desktop's lowest number and counts the desktop as holding it now.
        let holders: Set<[UInt8]> = [try device(laptop).bytes, try device(desktop).bytes]
        #expect(try laptop.syncRead { try $0.caseKey(caseKey.caseID) }?.holders[home.id] == holders)
        // Nothing is handed twice.
        try await fixture.sync(laptop)
        #expect(try await dropsAtTheRelay(home, reader: laptop).count == 1)
        // The case key is nowhere in the vault file in the clear.
        let file = try Data(contentsOf: URL(fileURLWithPath: Vault.databasePath(in: desktop.folder)))
        #expect(file.range(of: Data(held.key.exportBytes())) == nil)
    }

    @Test func theLastResortKeyServesWhenNoOneTimeKeyIsLeft() async throws {
        let (laptop, desktop, home) = try await fixture.twoDevicesWithKeys()
        // Used up, as by earlier deliveries.
        try laptop.syncTransaction { ledger in
            for key in try ledger.peerKeys(home.id) where key.kind == .oneTime { try ledger.deletePeerKey(key.id) }
        }
        let caseKey = try CaseKey.create(for: home.id, in: laptop)
        try await fixture.sync(laptop)
        let drops = try await dropsAtTheRelay(home, reader: laptop)
        #expect(drops.map(\.drop.kind) == [.lastResort])
        #expect(try await fixture.sync(desktop).receivedCaseKeys == 1)
        #expect(try desktop.syncRead { try $0.caseKey(caseKey.caseID) } != nil)
        // Its private half stays until a week after its `not after` (others may still use it).
        #expect(try anyKeyOpens(drops, in: home, keys: [desktop]))
        let later = fixture.now() + 22 * 86_400_000
        try await fixture.sync(desktop, clock: { later })
        #expect(try !anyKeyOpens(drops, in: home, keys: [desktop, laptop]))
    }

    @Test func aKeyWaitsForADeviceThatPublishedNothingYet() async throws {
        let laptop = try fixture.counsellor()
        let desktop = try await fixture.linkedDevice(of: laptop, handingOver: false)
        let home = try Caseload.home(of: laptop)
        // The laptop has not synced since the desktop joined: it published no key for it yet,
        // and the desktop must not hand the case key over any other way.
        let caseKey = try CaseKey.create(for: home.id, in: desktop)
        #expect(try await fixture.sync(desktop).caseKeysWaiting == 1)
        #expect(try await dropsAtTheRelay(home, reader: desktop).isEmpty)
        try await fixture.sync(laptop)
        #expect(try await fixture.sync(desktop).caseKeysWaiting == 0)
        #expect(try await fixture.sync(laptop).receivedCaseKeys == 1)
        #expect(try laptop.syncRead { try $0.caseKey(caseKey.caseID) } != nil)
    }

    @Test func privateHalvesDieAWeekAfterTheirNotAfter() async throws {
        let (laptop, desktop, home) = try await fixture.twoDevicesWithKeys()
        let before = try desktop.syncRead { try $0.ownBoxKeys(home.id) }.map(\.pair.publicKey)
        let later = fixture.now() + 38 * 86_400_000
        try await fixture.sync(desktop, clock: { later })
        let after = try desktop.syncRead { try $0.ownBoxKeys(home.id) }.map(\.pair.publicKey)
        #expect(Set(before).isDisjoint(with: after))
        #expect(after.count == 9)  // published anew
        // Keys the laptop held for the desktop are past their `not after` for its clock too.
        try await fixture.sync(laptop, clock: { later })
        let peer = try laptop.syncRead { try $0.peerKeys(home.id) }
        #expect(peer.allSatisfy { $0.notAfter > later } && Set(peer.map(\.publicKey)).isSubset(of: Set(after)))
    }

    @Test func aReaderPublishesKeysAndReceivesCaseKeys() async throws {
        let admin = try fixture.counsellor()
        let colleague = try fixture.counsellor()
        let caseload = try await fixture.share("Team Noord", from: admin, with: colleague, role: .reader)
        try await fixture.sync(colleague)
        #expect(try await fixture.sync(admin).rejectedCount == 0)
        let caseKey = try CaseKey.create(for: caseload.id, in: admin)
        try await fixture.sync(admin)
        #expect(try await fixture.sync(colleague).receivedCaseKeys == 1)
        #expect(try colleague.syncRead { try $0.caseKey(caseKey.caseID) } != nil)
    }

    @Test func aRemovedDevicesKeysAreForgotten() async throws {
        let (laptop, desktop, home) = try await fixture.twoDevicesWithKeys()
        _ = try await DeviceRevocation.revoke(desktop.device.description, vault: laptop, relay: try fixture.transport(laptop), now: fixture.now)
        try await fixture.sync(laptop)
        #expect(try laptop.syncRead { try $0.ownBoxKeys(home.id) }.isEmpty)
        #expect(try laptop.syncRead { try $0.peerKeys(home.id) }.isEmpty)
        // A key made now is handed to nobody.
        _ = try CaseKey.create(for: home.id, in: laptop)
        #expect(try await fixture.sync(laptop).caseKeysWaiting == 0)
    }

    /// `author`'s control envelope, put in its outbox as its own sync would.
    func enqueue(_ message: ControlMessage, by author: Vault, in caseload: Caseload) throws {
        try fixture.enqueue(by: author, in: caseload) { next in
            try ControlEnvelopeSeal.seal(message, caseload: caseload.id, epoch: 0, key: next.epochKeys[0]!, author: next.author, sequence: next.sequence,
                                         commitment: next.commitment)
        }
    }

    @Test func aDeviceRemovedFromACaseloadForgetsEveryKeyThere() async throws {
        let admin = try fixture.counsellor()
        let colleague = try fixture.counsellor()
        let team = try await fixture.share("Team", from: admin, with: colleague)
        try await fixture.sync(admin)
        #expect(try !colleague.syncRead { try $0.ownBoxKeys(team.id) }.isEmpty)
        _ = try await CaseloadRemoval.remove(try Caseload.home(of: colleague).counsellor.description, from: team, vault: admin,
                                             relay: fixture.transport(admin), now: fixture.now)
        #expect(try await fixture.sync(colleague).removedFrom == ["Team"])
        // Before: kept for ever, since nothing is sealed for a caseload one is no longer in.
        #expect(try colleague.syncRead { try $0.ownBoxKeys(team.id) }.isEmpty)
        #expect(try colleague.syncRead { try $0.peerKeys(team.id) }.isEmpty)
    }

    @Test func aMemberCannotHandKeysForAnotherCaseload() async throws {
        let admin = try fixture.counsellor()
        let colleague = try fixture.counsellor()
        let team = try await fixture.share("Team", from: admin, with: colleague)
        try await fixture.sync(admin)
        try await fixture.sync(colleague)
        // The colleague drops a key to the admin in the shared caseload, naming the admin's
        // home caseload: kept, the admin would hand it to its own devices as a home case.
        let adminHome = try Caseload.home(of: admin)
        let peer = try #require(try colleague.syncRead { try $0.peerKeys(team.id) }.first { $0.kind == .oneTime })
        let planted = CaseKey.random()
        var message = ControlMessage()
        message.drops = [try CaseKeyDelivery.drop([(adminHome.id, planted)], from: try device(colleague), to: try device(admin), kind: .oneTime,
                                                  number: peer.number, publicKey: peer.publicKey)]
        try enqueue(message, by: colleague, in: team)
        try await fixture.sync(colleague)
        let report = try await fixture.sync(admin)
        #expect(report.rejectedCount == 0)
        #expect(try admin.syncRead { try $0.caseKey(planted.caseID) } == nil)
    }

    @Test func aMemberCannotFillTheVaultWithKeysOrKeepThemForEver() async throws {
        let admin = try fixture.counsellor()
        let colleague = try fixture.counsellor()
        let team = try await fixture.share("Team", from: admin, with: colleague)
        try await fixture.sync(admin)
        let adminKey = try device(admin)
        var message = ControlMessage()
        message.oneTimeKeys = try (1_000..<1_100).map { number in
            ControlMessage.OneTimeKey(sender: adminKey, number: UInt32(number), publicKey: try BoxKeyPair.generate().publicKey,
                                      notAfter: number == 1_000 ? .max : fixture.now() + 86_400_000)
        }
        message.lastResortKeys = [ControlMessage.LastResortKey(number: 2_000, publicKey: try BoxKeyPair.generate().publicKey, notAfter: .max)]
        try enqueue(message, by: colleague, in: team)
        try await fixture.sync(colleague)
        try await fixture.sync(admin)
        let peer = try admin.syncRead { try $0.peerKeys(team.id) }
        #expect(peer.filter { $0.kind == .oneTime }.count <= 16)
        #expect(peer.allSatisfy { $0.notAfter <= fixture.now() + 31 * 86_400_000 })
    }

    @Test func aWithheldDropIsReportedAndItsKeyDeleted() async throws {
        let (laptop, desktop, home) = try await fixture.twoDevicesWithKeys()
        _ = try CaseKey.create(for: home.id, in: laptop)
        try await fixture.sync(laptop)
        let withheld = try fixture.sent(by: laptop, in: home)
        let second = try CaseKey.create(for: home.id, in: laptop)
        try await fixture.sync(laptop)
        let laptopKey = try device(laptop), desktopKey = try device(desktop)
        fixture.relay.misbehave { $0.pages = { page, _, reader in
            var page = page
            if reader == desktopKey {
                page.envelopes.removeAll { (try? Envelope(bytes: $0.bytes)).map { $0.author == laptopKey && $0.sequence == withheld } ?? false }
            }
            return page
        } }
        let before = try desktop.syncRead { try $0.ownBoxKeys(home.id) }.count
        let report = try await fixture.sync(desktop)
        #expect(report.skippedKeyDrops == 1 && report.receivedCaseKeys == 1)  // before: nothing said
        #expect(try desktop.syncRead { try $0.caseKey(second.caseID) } != nil)
        #expect(try desktop.syncRead { try $0.ownBoxKeys(home.id) }.count == before - 2)
    }

    @Test func aLinkedDeviceReadsKeyedCasesAtItsFirstSync() async throws {
        let laptop = try fixture.counsellor()
        let caseKey = try CaseKey.create(for: try Caseload.home(of: laptop).id, in: laptop)
        let record = try fixture.writeKeyedCase(caseKey, in: laptop, summary: "Al bekend")
        try await fixture.sync(laptop)
        // Linking hands the case key over, sealed to the link key the new device sent: its
        // first sync (inside linkedDevice) reads the case. Before: only after it published
        // its keys and the laptop synced again.
        let desktop = try await fixture.linkedDevice(of: laptop)
        #expect(try desktop.records()[record]?.text("summary")?.versions.map(\.text) == ["Al bekend"])
        // The link key's private half is gone with its use.
        let home = try Caseload.home(of: desktop)
        #expect(try desktop.syncRead { try $0.ownBoxKeys(home.id) }.allSatisfy { $0.number != 0 })
    }

    @Test func anInvitedColleagueReadsKeyedCasesAtItsFirstSync() async throws {
        let admin = try fixture.counsellor()
        let team = try Caseload.create(named: "Team", in: admin, milliseconds: fixture.now())
        try await fixture.sync(admin)
        let caseKey = try CaseKey.create(for: team.id, in: admin)
        let record = try fixture.writeKeyedCase(caseKey, in: admin, caseload: team, summary: "Gedeeld dossier")
        try await fixture.sync(admin)
        // The join request carries a link key; the admin drops the caseload's keys to it
        // before answering, so the colleague's first sync (inside invite) reads the case.
        let colleague = try fixture.counsellor()
        try await fixture.invite(colleague, to: team, from: admin)
        #expect(try colleague.records()[record]?.text("summary")?.versions.map(\.text) == ["Gedeeld dossier"])
        #expect(try colleague.syncRead { try $0.ownBoxKeys(team.id) }.allSatisfy { $0.number != 0 })
    }

    @Test func aNewCaseGetsAKeyOnlyWhenEveryDeviceOfItsCaseloadReadsThem() async throws {
        let admin = try fixture.counsellor()
        // Alone: nobody could miss the case.
        #expect(try CaseKey.forNewCase(in: nil, vault: admin) != nil)
        let colleague = try fixture.counsellor()
        let team = try await fixture.share("Team", from: admin, with: colleague)
        // The colleague's join carried a hand-over key: it reads case content.
        let colleagueKey = try colleague.identity().signing.publicKey.bytes
        #expect(try admin.syncRead { try $0.capableDevices(team.id) } == [colleagueKey])
        #expect(try CaseKey.forNewCase(in: team.id, vault: admin) != nil)
        // As for a member whose vp is from before key pools (no hand-over key, no control
        // envelope): no key, or that member would never see the case.
        try fixture.tamper(with: admin, "DELETE FROM setting WHERE name LIKE 'key_capable:%'")
        #expect(try CaseKey.forNewCase(in: team.id, vault: admin) == nil)
        // Its control envelope shows it reads them.
        try await fixture.sync(admin)
        try await fixture.sync(colleague)
        try await fixture.sync(admin)
        #expect(try CaseKey.forNewCase(in: team.id, vault: admin) != nil)
    }
}
