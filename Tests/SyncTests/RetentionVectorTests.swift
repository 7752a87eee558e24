import Cryptography
import Foundation
import Identifiers
import Signatures
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
        let counsellor = { (byte: UInt8) in SigningKeyPair(seed: [UInt8](repeating: byte, count: 32))! }
        var entries: [MembershipEntry] = []
        func append(_ author: SigningKeyPair, _ action: MembershipEntry.Action) {
            entries.append(MembershipEntry(caseload: caseload, after: entries.last, author: author, milliseconds: 1_773_489_600_000 + UInt64(entries.count), action: action))
        }
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
        let document: [String: Any] = [
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
