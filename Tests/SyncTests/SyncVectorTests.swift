import Cryptography
import Foundation
import Identifiers
import Replica
import Signatures
import Testing
import Vault
import WireFormat
@testable import Relay
@testable import Sync

/// Checks envelopes, membership entries, request signatures and link codes against
/// Protocol/vectors/sync.json (deterministic inputs: seeds, keys and nonces are given).
/// VP_WRITE_VECTORS=1 rewrites the expected values after a deliberate format change.
@Suite struct SyncVectorTests {
    static let file = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Protocol/vectors/sync.json")

    @Test func implementationMatchesTheWrittenVectors() throws {
        var vectors = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: Self.file)) as? [String: Any])
        let inputs = try #require(vectors["inputs"] as? [String: String])
        func bytes(_ name: String) throws -> [UInt8] { try #require(inputs[name].flatMap(Hex.decode)) }

        let device = try #require(SigningKeyPair(seed: try bytes("device_seed")))
        let colleague = try #require(SigningKeyPair(seed: [UInt8](repeating: 0x22, count: 32)))
        let caseload = CaseloadID(bytes: try bytes("caseload"))
        let epochKey = try SymmetricKey(bytes: try bytes("epoch_key"))
        // The epoch key doubles as the home caseload's first key, from which the counsellor key comes.
        let counsellorKey = CounsellorKey.derive(fromHomeKey: epochKey)
        let nonce = try bytes("envelope_nonce")
        // Two operations of the envelope's author (an envelope carries only its author's).
        let author = DeviceIdentity.deviceID(of: device.publicKey)
        let record = try #require(RecordID(hex: "000102030405060708090a0b0c0d0e0f"))
        let batch = FieldOperation.encode([
            FieldOperation(id: OperationID(timestamp: HybridTimestamp(milliseconds: 1_773_489_600_000, counter: 0), device: author),
                           record: record, field: "kind", change: .assign(.string("case"))),
            FieldOperation(id: OperationID(timestamp: HybridTimestamp(milliseconds: 1_773_489_600_000, counter: 1), device: author),
                           record: record, field: "summary", change: .write("Eerste gesprek", supersedes: [])),
        ])
        let genesis = MembershipEntry(caseload: caseload, after: nil, author: device, milliseconds: 1_773_489_600_000,
                                      action: .add(device: device.publicKey, role: .admin, by: counsellorKey))
        let commitment = EnvelopeCommitment(membershipLength: 1, membershipHead: genesis.hash,
                                            marks: [.init(author: colleague.publicKey, sequence: 5)])
        func envelope(_ commitment: EnvelopeCommitment?) throws -> Envelope {
            let header = Envelope.header(caseload: caseload, epoch: 0, keyScope: 0, author: device.publicKey, sequence: 1, commitment: commitment, nonce: nonce)
            let ciphertext = try SecretBox.seal(Padding.pad(batch), key: epochKey, nonce: nonce, associatedData: header)
            return Envelope(caseload: caseload, epoch: 0, author: device.publicKey, sequence: 1, commitment: commitment, nonce: nonce,
                            ciphertext: ciphertext, signature: device.sign(Envelope.signedPart(header: header, ciphertext: ciphertext)))
        }
        let current = try envelope(commitment)
        let legacy = try envelope(nil)
        #expect(try Envelope(bytes: current.bytes) == current && Envelope(bytes: legacy.bytes) == legacy)
        #expect(try EnvelopeSeal.open(Envelope(bytes: current.bytes), key: epochKey).get().count == 2)
        let requestMessage = RequestSignature.message(method: "GET", target: "/v1/caseloads/\(caseload)/envelopes?after=0",
                                                      milliseconds: 1_773_489_600_000, nonce: inputs["request_nonce"]!, body: [])
        let code = LinkCode(bytes: try bytes("link_code"))
        // A reader's join request carries its display name, signed by its counsellor key.
        let counsellorID = CounsellorID(key: counsellorKey.publicKey)
        let signedName = SignedDisplayName.sign("Anna de Vries", counsellor: counsellorID, key: counsellorKey)
        let joinRequest = CaseloadInvitation.request(code: code, device: device, counsellor: counsellorID,
                                                     certificate: .issue(for: device.publicKey, by: counsellorKey), name: signedName)
        let readBack = try #require(CaseloadInvitation.Request(joinRequest, mailbox: code.mailbox))
        #expect(readBack.name == signedName && readBack.device == device.publicKey && readBack.counsellor == counsellorID)
        let linkKey = try bytes("link_public_key")
        let keyedRequest = CaseloadInvitation.request(code: code, device: device, counsellor: counsellorID,
                                                      certificate: .issue(for: device.publicKey, by: counsellorKey), name: signedName, linkKey: linkKey)
        let keyedReadBack = try #require(CaseloadInvitation.Request(keyedRequest, mailbox: code.mailbox))
        #expect(keyedReadBack.name == signedName && keyedReadBack.linkKey == linkKey)
        // Without a name, version 4 still carries the link key; a flipped byte fails the device signature.
        let unnamed = CaseloadInvitation.request(code: code, device: device, counsellor: counsellorID,
                                                 certificate: .issue(for: device.publicKey, by: counsellorKey), name: nil, linkKey: linkKey)
        #expect(CaseloadInvitation.Request(unnamed, mailbox: code.mailbox)?.linkKey == linkKey)
        var flipped = keyedRequest
        flipped[flipped.count - 70] ^= 1
        #expect(CaseloadInvitation.Request(flipped, mailbox: code.mailbox) == nil)
        var altered = joinRequest
        altered[150] ^= 1  // a letter of the name: the device signature fails
        #expect(CaseloadInvitation.Request(altered, mailbox: code.mailbox) == nil)
        let computed: [String: String] = [
            "device_public_key": device.publicKey.description,
            "device_id": DeviceIdentity.deviceID(of: device.publicKey).description,
            "operation_batch": Hex.encode(batch),
            "padded_length": String(Padding.pad(batch).count),
            "colleague_public_key": colleague.publicKey.description,
            "envelope": Hex.encode(current.bytes),
            "envelope_id": Hex.encode(current.id),
            "envelope_version_1": Hex.encode(legacy.bytes),
            "counsellor_public_key": counsellorKey.publicKey.description,
            "counsellor_id": CounsellorID(key: counsellorKey.publicKey).description,
            "device_certificate": Hex.encode(DeviceCertificate.issue(for: device.publicKey, by: counsellorKey).bytes),
            "membership_code": ComparisonCode.membership(try Membership(entries: [genesis])),
            "device_pair_code": ComparisonCode.devices(device.publicKey, colleague.publicKey),
            "membership_genesis": Hex.encode(genesis.bytes),
            "membership_genesis_hash": Hex.encode(genesis.hash),
            "request_message": String(decoding: requestMessage, as: UTF8.self),
            "request_signature": Hex.encode(device.sign(requestMessage)),
            "link_code_text": code.text,
            "link_mailbox": Hex.encode(code.mailbox),
            "link_key": Hex.encode(code.key.exportBytes()),
            "binary_push": Hex.encode(BinaryEnvelopes.encodePush([current.bytes, legacy.bytes])),
            "binary_receipts": Hex.encode(BinaryEnvelopes.encodeReceipts([
                RelayAPI.PushResult(id: Hex.encode(current.id), seq: 7, duplicate: false),
                RelayAPI.PushResult(id: Hex.encode(legacy.id), seq: 3, duplicate: true)])),
            "binary_page": Hex.encode(BinaryEnvelopes.encodePage(RelayPage(
                envelopes: [.init(sequence: 7, bytes: current.bytes), .init(sequence: 8, bytes: legacy.bytes)], next: 8, more: true))),
            "counsellor_name_signature": Hex.encode(signedName.signature),
            "join_request_v3": Hex.encode(joinRequest),
            "join_request_v4": Hex.encode(keyedRequest),
            "enrolment_token": "vpe-000102030405060708090a0b0c0d0e0f",
            "enrolment_token_hash": Hex.encode(EnrolmentToken.hash(of: "vpe-000102030405060708090a0b0c0d0e0f") ?? []),
        ]
        // The binary forms read back to what was written.
        #expect(try BinaryEnvelopes.decodePush(BinaryEnvelopes.encodePush([current.bytes, legacy.bytes]), limit: 1 << 20) == [current.bytes, legacy.bytes])
        #expect(throws: WireError.self) { try BinaryEnvelopes.decodePush(BinaryEnvelopes.encodePush([current.bytes]) + [0], limit: 1 << 20) }
        #expect(throws: WireError.self) { try BinaryEnvelopes.decodePush([0, 0, 0, 9, 0, 0, 0, 1, 0], limit: 1 << 20) }
        if ProcessInfo.processInfo.environment["VP_WRITE_VECTORS"] == "1" {
            vectors["expected"] = computed
            try JSONSerialization.data(withJSONObject: vectors, options: [.prettyPrinted, .sortedKeys]).write(to: Self.file)
        }
        let expected = try #require(vectors["expected"] as? [String: String])
        for (name, value) in computed { #expect(expected[name] == value, "\(name)") }
        #expect(expected.count == computed.count)

        // And back: the written envelope parses, verifies and opens to the batch.
        let parsed = try Envelope(bytes: try #require(expected["envelope"].flatMap(Hex.decode)))
        #expect(parsed.isSignatureValid)
        #expect(try Padding.unpad(SecretBox.open(parsed.ciphertext, key: epochKey, nonce: parsed.nonce, associatedData: parsed.header)) == batch)
        #expect(try LinkCode(text: code.text.lowercased().replacingOccurrences(of: "-", with: "")) == code)
        #expect(try MembershipEntry(bytes: genesis.bytes) == genesis)
    }
}

@Suite struct WireFormatTests {
    @Test func paddingBucketsHideExactLengths() throws {
        #expect(Padding.bucket(for: 0) == 256 && Padding.bucket(for: 252) == 256 && Padding.bucket(for: 253) == 512)
        #expect(Padding.bucket(for: (1 << 20) + 1) == 2 << 20)
        let padded = Padding.pad([1, 2, 3])
        #expect(padded.count == 256)
        #expect(try Padding.unpad(padded) == [1, 2, 3])
        var broken = padded
        broken[200] = 1
        #expect(throws: WireError.self) { try Padding.unpad(broken) }
    }

    @Test func membershipRulesHold() throws {
        let admin = SigningKeyPair.generate()
        let other = SigningKeyPair.generate()
        let caseload = CaseloadID(bytes: SecureRandom.bytes(16))
        let counsellor = SigningKeyPair.generate()
        let genesis = MembershipEntry(caseload: caseload, after: nil, author: admin, milliseconds: 1,
                                      action: .add(device: admin.publicKey, role: .admin, by: counsellor))
        var membership = try Membership(entries: [genesis])
        // Someone else cannot start the log for another device.
        #expect(throws: WireError.self) {
            try Membership(entries: [MembershipEntry(caseload: caseload, after: nil, author: other, milliseconds: 1,
                                                     action: .add(device: admin.publicKey, role: .admin, by: counsellor))])
        }
        let add = MembershipEntry(caseload: caseload, after: genesis, author: admin, milliseconds: 2,
                                  action: .add(device: other.publicKey, role: .reader, by: counsellor))
        try membership.append(add)
        #expect(!membership.canWrite(other.publicKey, epoch: 0, sequence: 1))
        // A removal must be followed by a rotation sealed to exactly the remaining members.
        let remove = MembershipEntry(caseload: caseload, after: add, author: admin, milliseconds: 3, action: .remove(device: other.publicKey, ceiling: 0))
        try membership.append(remove)
        let wrongRotate = MembershipEntry(caseload: caseload, after: remove, author: admin, milliseconds: 4,
                                          action: .rotate(epoch: 1, sealedKeys: [], previousKey: []))
        #expect(throws: WireError.self) { try membership.append(wrongRotate) }
        let rotate = MembershipEntry(caseload: caseload, after: remove, author: admin, milliseconds: 4,
                                     action: .rotate(epoch: 1, sealedKeys: [.init(recipient: admin.publicKey, sealed: [1])], previousKey: [2]))
        try membership.append(rotate)
        #expect(membership.epoch == 1 && membership.members.count == 1)
        // A forged signature is refused.
        var bytes = rotate.bytes
        bytes[bytes.count - 1] ^= 1
        #expect(throws: WireError.badSignature) { try Membership(entries: [genesis, add, remove, try MembershipEntry(bytes: bytes)]) }
    }
}

@Suite struct OwnDeviceRuleTests {
    @Test func aMemberMayAddTheirOwnDeviceButNoOneElseAndNoMoreRights() throws {
        let admin = SigningKeyPair.generate()
        let member = SigningKeyPair.generate()
        let caseload = CaseloadID(bytes: SecureRandom.bytes(16))
        let memberCounsellor = SigningKeyPair.generate()
        let first = MembershipEntry(caseload: caseload, after: nil, author: admin, milliseconds: 1,
                                    action: .add(device: admin.publicKey, role: .admin, by: SigningKeyPair.generate()))
        let add = MembershipEntry(caseload: caseload, after: first, author: admin, milliseconds: 2,
                                  action: .add(device: member.publicKey, role: .member, by: memberCounsellor))
        var membership = try Membership(entries: [first, add])
        let otherCounsellors = MembershipEntry(caseload: caseload, after: add, author: member, milliseconds: 3,
                                               action: .add(device: SigningKeyPair.generate().publicKey, role: .member, by: SigningKeyPair.generate()))
        #expect(throws: WireError.self) { try membership.append(otherCounsellors) }
        let promoted = MembershipEntry(caseload: caseload, after: add, author: member, milliseconds: 3,
                                       action: .add(device: SigningKeyPair.generate().publicKey, role: .admin, by: memberCounsellor))
        #expect(throws: WireError.self) { try membership.append(promoted) }
        let ownLaptop = MembershipEntry(caseload: caseload, after: add, author: member, milliseconds: 3,
                                        action: .add(device: SigningKeyPair.generate().publicKey, role: .member, by: memberCounsellor))
        try membership.append(ownLaptop)
        #expect(membership.members.count == 3)
    }
}
