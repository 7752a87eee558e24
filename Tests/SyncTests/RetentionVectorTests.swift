import Cryptography
import Foundation
import Identifiers
import Replica
import Signatures
import Sync
import Vault
import Testing
import WireFormat

/// Protocol/vectors/retention.json (sync.md, "Case content and destroy orders"): a scope 1
/// envelope with its stub, the tag of a nonce, and a log with a destroy entry and the
/// entries that must be refused. VP_WRITE_VECTORS=1 writes a fresh file (the rotation's keys
/// are sealed to random ephemeral keys, so those bytes differ per writing; the checks do not).
@Suite struct RetentionVectorTests {
    static let file = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Protocol/vectors/retention.json")

    static func keys(_ byte: UInt8) -> SigningKeyPair { SigningKeyPair(seed: [UInt8](repeating: byte, count: 32))! }
    static let caseload = CaseloadID(bytes: Array(0xC0...0xCF))
    static let tagKey = Array(0x20...0x3F).map(UInt8.init)
    static let caseID = MembershipEntry.caseID(tagKey: tagKey)
    static let otherTagKey = Array(0x40...0x5F).map(UInt8.init)

    static func write() throws {
        // The envelope.
        let author = keys(2)
        let commitment = EnvelopeCommitment(membershipLength: 2, membershipHead: [UInt8](repeating: 0xAB, count: 32), marks: [])
        let nonce = Array(0x60..<0x78).map(UInt8.init)
        let locator = Array(0x80..<0x90).map(UInt8.init)
        let inner = Array("sealed operations of one case".utf8)
        let envelope = Envelope.caseContent(caseload: caseload, epoch: 3, author: author, sequence: 7, commitment: commitment, nonce: nonce,
                                            locator: locator, tagKey: tagKey, inner: inner)
        let body = try #require(try envelope.caseBody())
        let stub = envelope.stub(of: body)

        // The log: alice admin, bob member, carol admin; carol removed (and the rotation);
        // then alice destroys the case.
        let (alice, bob, carol) = (keys(1), keys(2), keys(3))
        let counsellor = VectorLog.counsellor
        var log = VectorLog(caseload: caseload)
        func append(_ author: SigningKeyPair, _ action: MembershipEntry.Action) { log.append(author, action) }
        var entries: [MembershipEntry] { log.entries }
        append(alice, .add(device: alice.publicKey, role: .admin, by: counsellor(0xA1)))
        append(alice, .add(device: bob.publicKey, role: .member, by: counsellor(0xB2)))
        append(alice, .add(device: carol.publicKey, role: .admin, by: counsellor(0xC3)))
        append(alice, .remove(device: carol.publicKey, ceiling: 0))
        let newKey = [UInt8](repeating: 0x42, count: 32)
        append(alice, .rotate(epoch: 1, sealedKeys: [alice, bob].map { .init(recipient: $0.publicKey, sealed: try! SealedBox.seal(newKey, to: $0.publicKey)) },
                              previousKey: try SecretBox.seal([UInt8](repeating: 0x41, count: 32), key: SymmetricKey(bytes: newKey))))
        let destroy = MembershipEntry.Action.destroy(caseID: caseID, tagKey: tagKey)
        append(alice, destroy)
        func refused(_ name: String, after count: Int, by author: SigningKeyPair, _ action: MembershipEntry.Action) -> [String: Any] {
            ["name": name, "after": count, "entry": Hex.encode(MembershipEntry(caseload: caseload, after: entries[count - 1], author: author, milliseconds: 1, action: action).bytes)]
        }
        let keyed = try keyedEnvelope()
        let control = controlVectors(destroyEntry: entries[5])
        let document: [String: Any] = [
            "case_key": keyed.derivations,
            "keyed_envelope": keyed.envelope,
            "control": control,
            "drop": try dropVector(bundle: try #require((control["bundle"] as? String).flatMap(Hex.decode))),
            "description": "sync.md, 'Case content and destroy orders'. tag = BLAKE2b-128(key = tag_key, nonce); case id = first 16 bytes of labelled('vertrouwd:case-id:v1', tag key). The envelope is a key scope 1 envelope around 'inner'; 'stub' is what a relay keeps of it after the destroy entry. 'entries' fold with the destroy as the last entry; 'refused' entries must be rejected when appended after the first 'after' entries.",
            "tag": ["tag_key": Hex.encode(tagKey), "nonce": Hex.encode(nonce), "tag": Hex.encode(CaseEnvelopeBody.tag(tagKey: tagKey, nonce: nonce))],
            "case_envelope": [
                "device_seed": Hex.encode([UInt8](repeating: 2, count: 32)), "caseload": caseload.description, "epoch": 3, "sequence": 7,
                "membership_length": 2, "membership_head": Hex.encode(commitment.membershipHead), "nonce": Hex.encode(nonce),
                "locator": Hex.encode(locator), "tag_key": Hex.encode(tagKey), "inner": Hex.encode(inner),
                "envelope": Hex.encode(envelope.bytes), "id": Hex.encode(envelope.id), "stub_signature": Hex.encode(body.stubSignature),
                "stub": Hex.encode(stub.bytes),
            ],
            "entries": entries.map { Hex.encode($0.bytes) },
            "destroy_entry_hash": Hex.encode(entries[5].hash),
            "expected": ["destroyed": [["case_id": Hex.encode(caseID), "entry": 5, "tag_key": Hex.encode(tagKey)]]],
            "refused": [
                refused("destroyed_by_a_member", after: 6, by: bob, .destroy(caseID: MembershipEntry.caseID(tagKey: otherTagKey), tagKey: otherTagKey)),
                refused("destroyed_by_a_removed_admin", after: 6, by: carol, .destroy(caseID: MembershipEntry.caseID(tagKey: otherTagKey), tagKey: otherTagKey)),
                refused("case_id_not_of_the_tag_key", after: 6, by: alice, .destroy(caseID: MembershipEntry.caseID(tagKey: tagKey), tagKey: otherTagKey)),
                refused("destroyed_twice", after: 6, by: alice, destroy),
                refused("destroyed_before_the_rotation", after: 4, by: alice, destroy),
            ],
        ]
        try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys]).write(to: file)
    }

    /// A control plaintext with two one-time keys, a last-resort key, a drop, a request and a
    /// receipt (of the log's destroy entry by device 2), and a bundle of two case keys.
    static func controlVectors(destroyEntry: MembershipEntry) -> [String: Any] {
        let (sender, recipient) = (keys(1), keys(2))
        let receipt = DestructionReceipt(caseload: caseload, caseID: caseID, entrySequence: destroyEntry.sequence, entryHash: destroyEntry.hash,
                                         device: recipient, milliseconds: 1_773_489_700_000)
        var message = ControlMessage()
        message.oneTimeKeys = [0, 1].map { ControlMessage.OneTimeKey(sender: sender.publicKey, number: $0, publicKey: [UInt8](repeating: 0x70 + UInt8($0), count: 32),
                                                                     notAfter: 1_776_081_600_000) }
        message.lastResortKeys = [ControlMessage.LastResortKey(number: 0, publicKey: [UInt8](repeating: 0x7F, count: 32), notAfter: 1_774_699_200_000)]
        message.drops = [ControlMessage.Drop(recipient: sender.publicKey, kind: .oneTime, number: 3, sealed: Array(0..<80).map(UInt8.init))]
        message.requests = [caseID]
        message.receipts = [receipt]
        let bundle = CaseKeyBundle(author: recipient.publicKey, recipient: sender.publicKey, kind: .oneTime, number: 3,
                                   keys: [(caseload, [UInt8](repeating: 0x91, count: 32)), (CaseloadID(bytes: [UInt8](repeating: 0xD0, count: 16)), [UInt8](repeating: 0x92, count: 32))])
        return ["message": Hex.encode(message.bytes), "receipt": Hex.encode(receipt.bytes), "receipt_device_seed": Hex.encode([UInt8](repeating: 2, count: 32)),
                "bundle": Hex.encode(bundle.bytes)]
    }

    /// crypto_box_seal is random, so this vector is open-only: a one-time key's private half
    /// and the bundle sealed to it.
    static func dropVector(bundle: [UInt8]) throws -> [String: String] {
        let oneTime = try BoxKeyPair(secretKey: [UInt8](repeating: 0x5A, count: 32))
        return ["one_time_secret_key": Hex.encode(oneTime.exportSecretKey()), "one_time_public_key": Hex.encode(oneTime.publicKey),
                "sealed": Hex.encode(try BoxKeyPair.seal(bundle, to: oneTime.publicKey)), "bundle": Hex.encode(bundle)]
    }

    /// The control plaintext, the receipt and the bundle parse back to themselves; the
    /// receipt confirms the log's destroy entry and no other; a changed byte breaks it.
    @Test func theControlVectorsHold() throws {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: Self.file)) as? [String: Any])
        let entries = try (document["entries"] as? [String] ?? []).map { try MembershipEntry(bytes: try #require(Hex.decode($0))) }
        let written = try #require(document["control"] as? [String: String])
        #expect(Self.controlVectors(destroyEntry: entries[5]).mapValues { "\($0)" } == written)
        let message = try ControlMessage(bytes: try #require(written["message"].flatMap(Hex.decode)))
        #expect(message.oneTimeKeys.count == 2 && message.lastResortKeys.count == 1 && message.drops.count == 1 && message.requests == [Self.caseID])
        let receipt = try #require(message.receipts.first)
        #expect(receipt.bytes.count == DestructionReceipt.length && receipt.confirms(entries[5]) && !receipt.confirms(entries[4]))
        var altered = receipt.bytes
        altered[40] ^= 1
        #expect(!(try DestructionReceipt(bytes: altered)).confirms(entries[5]))
        let bundle = try CaseKeyBundle(bytes: try #require(written["bundle"].flatMap(Hex.decode)))
        #expect(bundle.keys.count == 2 && bundle.belongs(to: message.drops[0], from: Self.keys(2).publicKey) && !bundle.belongs(to: message.drops[0], from: Self.keys(1).publicKey))
        // The drop vector opens to its bundle with the written private half.
        let drop = try #require(document["drop"] as? [String: String])
        let oneTime = try BoxKeyPair(secretKey: try #require(drop["one_time_secret_key"].flatMap(Hex.decode)))
        let sealed = try #require(drop["sealed"].flatMap(Hex.decode))
        let opened = try oneTime.open(sealed)
        #expect(Hex.encode(oneTime.publicKey) == drop["one_time_public_key"] && Hex.encode(opened) == drop["bundle"])
        // Exactly: a trailing byte, or a second last-resort key, is malformed.
        #expect(throws: WireError.self) { try ControlMessage(bytes: message.bytes + [0]) }
        var two = message
        two.lastResortKeys += two.lastResortKeys
        #expect(throws: WireError.self) { try ControlMessage(bytes: two.bytes) }
    }

    /// A case key's derivations and a keyed envelope sealed with them (fixed nonce; Ed25519
    /// signs deterministically): the same inputs give the same bytes every time.
    static func keyedEnvelope() throws -> (derivations: [String: Any], envelope: [String: Any]) {
        let caseKey = try CaseKey(bytes: Array(0x90...0xAF).map(UInt8.init))
        let epochKey = try SymmetricKey(bytes: [UInt8](repeating: 0x42, count: 32))
        let nonce = Array(0xB0..<0xC8).map(UInt8.init)
        let device = keys(2)
        let author = DeviceIdentity.deviceID(of: device.publicKey)
        let record = RecordID(high: 0x5051_5253_5455_5657, low: 0x5859_5A5B_5C5D_5E5F)
        let operations = [FieldOperation(id: OperationID(timestamp: HybridTimestamp(milliseconds: 1_773_489_600_000, counter: 0), device: author),
                                         record: record, field: "summary", change: .write("Eerste gesprek", supersedes: []))]
        let commitment = EnvelopeCommitment(membershipLength: 6, membershipHead: [UInt8](repeating: 0xAB, count: 32), marks: [])
        let envelope = try CaseEnvelopeSeal.seal(operations, caseKey: caseKey, caseload: caseload, epoch: 1, epochKey: epochKey, author: device,
                                                 sequence: 3, commitment: commitment, nonce: nonce)
        let derivations: [String: Any] = [
            "case_key": "909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeaf", "epoch_key": Hex.encode(epochKey.exportBytes()),
            "tag_key": Hex.encode(caseKey.tagKey), "case_id": Hex.encode(caseKey.caseID),
            "content_key": Hex.encode(caseKey.contentKey(epochKey: epochKey).exportBytes()),
            "locator_key": Hex.encode(CaseKey.locatorKey(epochKey: epochKey)), "nonce": Hex.encode(nonce),
            "locator": Hex.encode(caseKey.locator(epochKey: epochKey, nonce: nonce)),
        ]
        let vector: [String: Any] = [
            "device_seed": Hex.encode([UInt8](repeating: 2, count: 32)), "caseload": caseload.description, "epoch": 1, "sequence": 3,
            "membership_length": 6, "membership_head": Hex.encode(commitment.membershipHead), "nonce": Hex.encode(nonce),
            "operation_batch": Hex.encode(FieldOperation.encode(operations)), "envelope": Hex.encode(envelope.bytes),
        ]
        return (derivations, vector)
    }

    /// The case key vectors are made again from their inputs, and the envelope opens to its batch.
    @Test func theCaseKeyVectorsHold() throws {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: Self.file)) as? [String: Any])
        let written = try #require(document["keyed_envelope"] as? [String: Any])
        let made = try Self.keyedEnvelope()
        #expect(NSDictionary(dictionary: try #require(document["case_key"] as? [String: Any])) == NSDictionary(dictionary: made.derivations))
        #expect(NSDictionary(dictionary: try #require(document["keyed_envelope"] as? [String: Any])) == NSDictionary(dictionary: made.envelope))
        let bytes = try #require((written["envelope"] as? String).flatMap(Hex.decode))
        let envelope = try Envelope(bytes: bytes)
        let caseKey = try CaseKey(bytes: try #require(Hex.decode("909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeaf")))
        let epochKey = try SymmetricKey(bytes: [UInt8](repeating: 0x42, count: 32))
        #expect(envelope.isSignatureValid && envelope.isStubSignatureValid)
        guard case .success(let batch) = CaseEnvelopeSeal.open(envelope, caseKey: caseKey, epochKey: epochKey) else {
            Issue.record("the keyed envelope does not open")
            return
        }
        let expected = try #require((written["operation_batch"] as? String).flatMap(Hex.decode))
        #expect(batch.bytes == expected)
        let locator = try #require(try envelope.caseBody()).locator
        #expect(CaseKey.caseID(locator: locator, epochKey: epochKey, nonce: envelope.nonce) == caseKey.caseID)
        // Check 7a: another case's key, or the right one under another epoch key, opens nothing.
        for opened in [CaseEnvelopeSeal.open(envelope, caseKey: CaseKey.random(), epochKey: epochKey),
                       CaseEnvelopeSeal.open(envelope, caseKey: caseKey, epochKey: SymmetricKey.random())] {
            guard case .failure(.tampered) = opened else { Issue.record("opened with the wrong key: \(opened)"); continue }
        }
    }

    @Test func theVectorsHold() throws {
        if ProcessInfo.processInfo.environment["VP_WRITE_VECTORS"] == "1" { try Self.write() }
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: Self.file)) as? [String: Any])
        func bytes(_ object: [String: Any], _ key: String) throws -> [UInt8] { try #require((object[key] as? String).flatMap(Hex.decode), "\(key)") }

        let tag = try #require(document["tag"] as? [String: Any])
        let (key, nonce, expectedTag) = (try bytes(tag, "tag_key"), try bytes(tag, "nonce"), try bytes(tag, "tag"))
        #expect(CaseEnvelopeBody.tag(tagKey: key, nonce: nonce) == expectedTag)

        // The envelope is made again from its inputs, byte for byte, and checks as a relay checks it.
        let vector = try #require(document["case_envelope"] as? [String: Any])
        let author = try #require(SigningKeyPair(seed: try bytes(vector, "device_seed")))
        let made = Envelope.caseContent(
            caseload: try #require((vector["caseload"] as? String).flatMap(CaseloadID.init(hex:))), epoch: try #require(vector["epoch"] as? UInt32),
            author: author, sequence: try #require(vector["sequence"] as? UInt64),
            commitment: EnvelopeCommitment(membershipLength: try #require(vector["membership_length"] as? UInt64), membershipHead: try bytes(vector, "membership_head"), marks: []),
            nonce: try bytes(vector, "nonce"), locator: try bytes(vector, "locator"), tagKey: try bytes(vector, "tag_key"), inner: try bytes(vector, "inner"))
        let (expectedBytes, expectedID, stubSignature) = (try bytes(vector, "envelope"), try bytes(vector, "id"), try bytes(vector, "stub_signature"))
        #expect(made.bytes == expectedBytes && made.id == expectedID)
        let envelope = try Envelope(bytes: expectedBytes)
        #expect(envelope.isSignatureValid && envelope.isStubSignatureValid && envelope.keyScope == 1)
        let body = try envelope.caseBody()
        #expect(body?.stubSignature == stubSignature)
        let stub = try EnvelopeStub(bytes: try bytes(vector, "stub"))
        #expect(stub.isSignatureValid && stub.header == EnvelopeHeader(envelope))
        let tagKey = try bytes(vector, "tag_key")
        #expect(EnvelopeStub.of(envelope: envelope.bytes, tagKey: tagKey) == stub)
        #expect(EnvelopeStub.of(envelope: envelope.bytes, tagKey: [UInt8](repeating: 0, count: 32)) == nil)
        // A stub whose header was changed no longer verifies.
        var altered = try bytes(vector, "stub")
        altered[40] ^= 1
        #expect((try? EnvelopeStub(bytes: altered))?.isSignatureValid != true)

        let entries = try (document["entries"] as? [String] ?? []).map { try MembershipEntry(bytes: try #require(Hex.decode($0))) }
        let destroyHash = try bytes(document, "destroy_entry_hash")
        #expect(entries.last?.hash == destroyHash)
        let membership = try Membership(entries: entries)
        let destroyed = try #require((document["expected"] as? [String: Any])?["destroyed"] as? [[String: Any]])
        #expect(membership.destroyedCases.count == destroyed.count)
        for item in destroyed {
            let expected = Membership.Destruction(entry: try #require(item["entry"] as? UInt64), tagKey: try bytes(item, "tag_key"))
            let caseID = try bytes(item, "case_id")
            #expect(membership.destroyedCases[caseID] == expected)
        }
        for refused in try #require(document["refused"] as? [[String: Any]]) {
            var prefix = try Membership(entries: Array(entries.prefix(try #require(refused["after"] as? Int))))
            let entry = try bytes(refused, "entry")
            #expect(throws: WireError.self, "\(refused["name"] ?? "")") { try prefix.append(try MembershipEntry(bytes: entry)) }
        }
    }
}
