import Foundation
import GRDB
import Identifiers
import Signatures
import Testing
import WireFormat
@testable import Relay

/// A relay.sqlite from before enrolment: its counsellors are enrolled by the upgrade and own
/// their caseloads, so a relay that now requires tokens goes on serving them.
@Suite struct RelayUpgradeTests {
    @Test func counsellorsOfARelayFromBeforeEnrolmentAreEnrolledByTheUpgrade() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("relay-upgrade-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let admin = SigningKeyPair.generate()
        let counsellor = SigningKeyPair.generate()
        let caseload = CaseloadID(bytes: [UInt8](repeating: 5, count: 16))
        let genesis = MembershipEntry(caseload: caseload, after: nil, author: admin, milliseconds: 1,
                                      action: .add(device: admin.publicKey, role: .admin, by: counsellor))
        // The database as the relay of session 3 left it.
        let old = try DatabaseQueue(path: folder.appendingPathComponent("relay.sqlite").path)
        try SQLiteRelayRepository.migrator.migrate(old, upTo: "v3-membership-length")
        try await old.write { db in
            try db.execute(sql: "INSERT INTO membership(caseload, sequence, entry) VALUES (?, 0, ?)",
                           arguments: [Data(caseload.bytes), Data(genesis.bytes)])
            try db.execute(sql: "INSERT INTO caseload(caseload, last_sequence, stored_bytes, membership_length) VALUES (?, 3, 700, 1)",
                           arguments: [Data(caseload.bytes)])
        }
        try old.close()

        let repository = try SQLiteRelayRepository(directory: folder)
        let next = CaseloadID(bytes: [UInt8](repeating: 6, count: 16))
        let creation = CaseloadCreation(owner: counsellor.publicKey.bytes, token: nil, openEnrolment: false, caseloadLimit: 100, now: 5)
        #expect(try await repository.appendMembership(next, entry: [0], at: 0, creation: creation) == .appended)
        // The old caseload's bytes count for its owner now.
        let quotas = Quotas(caseloadBytes: 1 << 20, counsellorBytes: 750)
        let envelope = IncomingEnvelope(id: [1, 2, 3], author: admin.publicKey.bytes, deviceSequence: 1, bytes: [UInt8](repeating: 9, count: 100), keyScope: 0)
        #expect(try await repository.push(next, [envelope], membershipLength: 1, quotas: quotas) == .quotaExceeded(.counsellor))
    }
}

/// A relay.sqlite from before key scopes were stored: its case content envelopes (which
/// relays then took unchecked) get their scope from their header, so a destroy order finds them.
@Suite struct RelayKeyScopeUpgradeTests {
    @Test func envelopesStoredBeforeTheUpgradeAreFoundByADestroyOrder() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("relay-upgrade-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let admin = SigningKeyPair.generate()
        let caseload = CaseloadID(bytes: [UInt8](repeating: 7, count: 16))
        let genesis = MembershipEntry(caseload: caseload, after: nil, author: admin, milliseconds: 1,
                                      action: .add(device: admin.publicKey, role: .admin, by: SigningKeyPair.generate()))
        let tagKey = [UInt8](repeating: 0x33, count: 32)
        let envelope = Envelope.caseContent(caseload: caseload, epoch: 0, author: admin, sequence: 1,
                                            commitment: EnvelopeCommitment(membershipLength: 1, membershipHead: genesis.hash, marks: []),
                                            nonce: [UInt8](repeating: 1, count: 24), locator: [UInt8](repeating: 2, count: 16), tagKey: tagKey,
                                            inner: Array("sealed before the upgrade".utf8))
        let old = try DatabaseQueue(path: folder.appendingPathComponent("relay.sqlite").path)
        try SQLiteRelayRepository.migrator.migrate(old, upTo: "v4-enrolment")
        try await old.write { db in
            try db.execute(sql: "INSERT INTO membership(caseload, sequence, entry) VALUES (?, 0, ?)", arguments: [Data(caseload.bytes), Data(genesis.bytes)])
            try db.execute(sql: "INSERT INTO caseload(caseload, last_sequence, stored_bytes, membership_length) VALUES (?, 1, ?, 1)",
                           arguments: [Data(caseload.bytes), envelope.bytes.count])
            try db.execute(sql: "INSERT INTO envelope(caseload, sequence, envelope_id, author, device_sequence, data) VALUES (?, 1, ?, ?, 1, ?)",
                           arguments: [Data(caseload.bytes), Data(envelope.id), Data(admin.publicKey.bytes), Data(envelope.bytes)])
        }
        try old.close()

        let repository = try SQLiteRelayRepository(directory: folder)
        let order = MembershipEntry(caseload: caseload, after: genesis, author: admin, milliseconds: 2,
                                    action: .destroy(caseID: MembershipEntry.caseID(tagKey: tagKey), tagKey: tagKey))
        let stubbing = EnvelopeStubbing { EnvelopeStub.of(envelope: $0, tagKey: tagKey)?.bytes }
        #expect(try await repository.appendMembership(caseload, entry: order.bytes, at: 1, creation: nil, stubbing: stubbing) == .appended)
        let stored = try await repository.pull(caseload, after: 0, limit: 10)
        #expect(try stored.map { try EnvelopeStub(bytes: $0.bytes) } == [envelope.stub(of: try #require(try envelope.caseBody()))])
    }
}
