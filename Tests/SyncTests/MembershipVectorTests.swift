import Cryptography
import Foundation
import Identifiers
import Signatures
import Testing
import WireFormat

/// Protocol/vectors/membership.json: a valid log (add, add, change role, remove with its
/// ceiling, rotate)
/// with the membership it must fold to, and entries that must be refused after a given
/// prefix. VP_WRITE_VECTORS=1 writes a fresh file (rotation keys are sealed with random
/// ephemeral keys, so the bytes differ per writing; the checks do not).
@Suite struct MembershipVectorTests {
    static let file = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Protocol/vectors/membership.json")

    static func keys(_ byte: UInt8) -> SigningKeyPair { SigningKeyPair(seed: [UInt8](repeating: byte, count: 32))! }

    static func write() throws {
        let (alice, bob, carol, mallory) = (keys(1), keys(2), keys(3), keys(4))
        let caseload = CaseloadID(bytes: Array(0xC0...0xCF))
        let counsellor = VectorLog.counsellor
        var log = VectorLog(caseload: caseload)
        func append(_ author: SigningKeyPair, _ action: MembershipEntry.Action) { log.append(author, action) }
        var entries: [MembershipEntry] { log.entries }
        append(alice, .add(device: alice.publicKey, role: .admin, by: counsellor(0xA1)))
        append(alice, .add(device: bob.publicKey, role: .member, by: counsellor(0xB2)))
        append(alice, .add(device: carol.publicKey, role: .reader, by: counsellor(0xC3)))
        append(alice, .changeRole(device: carol.publicKey, role: .member, ceiling: 0))
        append(alice, .remove(device: bob.publicKey, ceiling: 7))
        let newKey = [UInt8](repeating: 0x42, count: 32)
        append(alice, .rotate(epoch: 1, sealedKeys: [alice, carol].map { .init(recipient: $0.publicKey, sealed: try! SealedBox.seal(newKey, to: $0.publicKey)) },
                              previousKey: try SecretBox.seal([UInt8](repeating: 0x41, count: 32), key: SymmetricKey(bytes: newKey))))
        func invalid(_ name: String, after count: Int, _ entry: MembershipEntry) -> [String: Any] {
            ["name": name, "after": count, "entry": Hex.encode(entry.bytes)]
        }
        var forged = MembershipEntry(caseload: caseload, after: entries[0], author: alice, milliseconds: 1, action: .add(device: mallory.publicKey, role: .admin, by: counsellor(4))).bytes
        forged[forged.count - 1] ^= 1
        let refused: [[String: Any]] = [
            invalid("not_an_admin", after: 2, MembershipEntry(caseload: caseload, after: entries[1], author: bob, milliseconds: 1, action: .add(device: mallory.publicKey, role: .admin, by: counsellor(4)))),
            invalid("stale_previous", after: 2, MembershipEntry(caseload: caseload, after: entries[0], author: alice, milliseconds: 1, action: .add(device: mallory.publicKey, role: .reader, by: counsellor(4)))),
            invalid("rotation_skipped", after: 5, MembershipEntry(caseload: caseload, after: entries[4], author: alice, milliseconds: 1, action: .add(device: mallory.publicKey, role: .reader, by: counsellor(4)))),
            invalid("last_admin_demoted", after: 1, MembershipEntry(caseload: caseload, after: entries[0], author: alice, milliseconds: 1, action: .changeRole(device: alice.publicKey, role: .member, ceiling: 0))),
            ["name": "bad_signature", "after": 1, "entry": Hex.encode(forged)],
            invalid("first_entry_under_another_id", after: 0, MembershipEntry(caseload: caseload, after: nil, author: mallory, milliseconds: 1,
                action: .add(device: mallory.publicKey, role: .admin, by: counsellor(4), id: CounsellorID(key: counsellor(0xA1).publicKey)))),
            invalid("id_of_another_counsellor", after: 2, MembershipEntry(caseload: caseload, after: entries[1], author: alice, milliseconds: 1,
                action: .add(device: mallory.publicKey, role: .reader, by: counsellor(4), id: CounsellorID(key: counsellor(0xB2).publicKey)))),
            invalid("id_not_made_from_the_key", after: 2, MembershipEntry(caseload: caseload, after: entries[1], author: alice, milliseconds: 1,
                action: .add(device: mallory.publicKey, role: .reader, by: counsellor(4), id: CounsellorID(key: counsellor(5).publicKey)))),
            invalid("certificate_of_another_device", after: 2, MembershipEntry(caseload: caseload, after: entries[1], author: alice, milliseconds: 1,
                action: .add(device: mallory.publicKey, role: .reader, counsellor: CounsellorID(key: counsellor(4).publicKey),
                             certificate: .issue(for: carol.publicKey, by: counsellor(4))))),
            invalid("older_version", after: 2, MembershipEntry(caseload: caseload, after: entries[1], author: alice, milliseconds: 1,
                                                                action: .remove(device: bob.publicKey, ceiling: .max), version: 1)),
        ]
        let document: [String: Any] = [
            "description": "A membership log and the state it folds to (see sync.md). 'refused' entries must be rejected when appended after the first 'after' entries of 'entries'.",
            "entries": entries.map { Hex.encode($0.bytes) },
            "expected": [
                "epoch": 1,
                "members": [["device": alice.publicKey.description, "role": "admin"], ["device": carol.publicKey.description, "role": "member"]],
                "removed": [["device": bob.publicKey.description, "epoch": 1, "ceiling": 7]],
            ],
            "refused": refused,
        ]
        try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys]).write(to: file)
    }

    @Test func theLogFoldsToTheWrittenMembershipAndRefusesTheBadEntries() throws {
        if ProcessInfo.processInfo.environment["VP_WRITE_VECTORS"] == "1" { try Self.write() }
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: Self.file)) as? [String: Any])
        let entries = try (document["entries"] as? [String] ?? []).map { try MembershipEntry(bytes: try #require(Hex.decode($0))) }
        let membership = try Membership(entries: entries)
        let expected = try #require(document["expected"] as? [String: Any])
        #expect(membership.epoch == expected["epoch"] as? UInt32)
        let members = try #require(expected["members"] as? [[String: String]])
        #expect(membership.members.count == members.count)
        for member in members {
            let device = try #require(member["device"].flatMap(SigningPublicKey.init(hex:)))
            #expect(membership.members[device].map { String(describing: $0.role) } == member["role"])
        }
        let removed = try #require(expected["removed"] as? [[String: Any]])
        #expect(membership.removed.count == removed.count)
        for removal in removed {
            let device = try #require((removal["device"] as? String).flatMap(SigningPublicKey.init(hex:)))
            #expect(membership.removed[device] == Membership.Removal(epoch: try #require(removal["epoch"] as? UInt32),
                                                                     ceiling: try #require(removal["ceiling"] as? UInt64)))
        }
        for refused in try #require(document["refused"] as? [[String: Any]]) {
            var prefix = try Membership(entries: Array(entries.prefix(try #require(refused["after"] as? Int))))
            let bytes = try #require((refused["entry"] as? String).flatMap(Hex.decode))
            #expect(throws: WireError.self, "\(refused["name"] ?? "")") { try prefix.append(try MembershipEntry(bytes: bytes)) }
        }
    }
}
