import Cryptography
import Identifiers
import Signatures
import Sync
import Testing
import WireFormat

/// Case keys sealed to a device's published one-time key: only that key's private half opens
/// them, and a drop cannot be passed off as another (Protocol/sync.md, "Control envelopes").
@Suite struct CaseKeyDeliveryTests {
    let caseload = CaseloadID(bytes: [UInt8](repeating: 0xC1, count: 16))
    let sender = SigningKeyPair.generate()
    let recipient = SigningKeyPair.generate()

    @Test func onlyThePublishedKeysPrivateHalfOpensADrop() throws {
        let oneTime = try BoxKeyPair.generate()
        let keys = [CaseKey.random(), CaseKey.random()]
        let drop = try CaseKeyDelivery.drop(keys.map { (caseload, $0) }, from: sender.publicKey, to: recipient.publicKey, kind: .oneTime,
                                            number: 4, publicKey: oneTime.publicKey)
        let opened = try #require(CaseKeyDelivery.open(drop, from: sender.publicKey, with: oneTime))
        #expect(opened.map(\.caseKey.caseID) == keys.map(\.caseID) && opened.allSatisfy { $0.caseload == caseload })
        // The private half stored and read back opens it too; any other key does not, nor
        // does the recipient's long-term device key (the one epoch keys are sealed to).
        #expect(CaseKeyDelivery.open(drop, from: sender.publicKey, with: try BoxKeyPair(secretKey: oneTime.exportSecretKey())) != nil)
        #expect(CaseKeyDelivery.open(drop, from: sender.publicKey, with: try BoxKeyPair.generate()) == nil)
        #expect(throws: CryptoError.self) { try SealedBox.open(drop.sealed, with: recipient) }
    }

    @Test func aDropPassedOffAsAnotherIsRefused() throws {
        let oneTime = try BoxKeyPair.generate()
        let drop = try CaseKeyDelivery.drop([(caseload, CaseKey.random())], from: sender.publicKey, to: recipient.publicKey, kind: .oneTime,
                                            number: 4, publicKey: oneTime.publicKey)
        // Another author's envelope carrying it, another number or kind: the bundle says otherwise.
        #expect(CaseKeyDelivery.open(drop, from: recipient.publicKey, with: oneTime) == nil)
        let renumbered = ControlMessage.Drop(recipient: drop.recipient, kind: drop.kind, number: 5, sealed: drop.sealed)
        #expect(CaseKeyDelivery.open(renumbered, from: sender.publicKey, with: oneTime) == nil)
        let rekinded = ControlMessage.Drop(recipient: drop.recipient, kind: .lastResort, number: 4, sealed: drop.sealed)
        #expect(CaseKeyDelivery.open(rekinded, from: sender.publicKey, with: oneTime) == nil)
        var damaged = drop.sealed
        damaged[damaged.count - 1] ^= 1
        #expect(CaseKeyDelivery.open(ControlMessage.Drop(recipient: drop.recipient, kind: .oneTime, number: 4, sealed: damaged), from: sender.publicKey, with: oneTime) == nil)
    }
}
