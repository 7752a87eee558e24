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
        let envelope = IncomingEnvelope(id: [1, 2, 3], author: admin.publicKey.bytes, deviceSequence: 1, bytes: [UInt8](repeating: 9, count: 100))
        #expect(try await repository.push(next, [envelope], membershipLength: 1, quotas: quotas) == .quotaExceeded(.counsellor))
    }
}
