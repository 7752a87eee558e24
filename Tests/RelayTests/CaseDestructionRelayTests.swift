import Foundation
import Identifiers
import Signatures
import Testing
import WireFormat
@testable import Relay

/// Issue 11, per-case keys, step 2 (the relay first): case content envelopes (key scope 1)
/// carry a stub signature the relay checks; a reader may push control envelopes (scope 2),
/// within an allowance, and nothing else; an admin's destroy entry (membership action 5) cuts the destroyed
/// case's envelopes to stubs in the same transaction, and the case's later envelopes are
/// kept as stubs only. On both storages.
@Suite struct CaseDestructionRelayTests {
    let caseload = CaseloadID(bytes: (0..<16).map { _ in UInt8.random(in: 0...255) })
    let admin = SigningKeyPair.generate()
    let member = SigningKeyPair.generate()
    let reader = SigningKeyPair.generate()
    let counsellor = SigningKeyPair.generate()
    let caseKey = (0..<32).map { _ in UInt8.random(in: 0...255) }
    let otherCaseKey = (0..<32).map { _ in UInt8.random(in: 0...255) }

    static func random(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8.random(in: 0...255) } }
    func tagKey(_ key: [UInt8]) -> [UInt8] { Digest.labelled("vertrouwd:case-tag-key:v1", key) }
    func caseID(_ key: [UInt8]) -> [UInt8] { MembershipEntry.caseID(tagKey: tagKey(key)) }

    /// A scope 1 envelope of the case with key `key`; its sealed part is `inner`.
    func content(_ key: [UInt8], by author: SigningKeyPair, sequence: UInt64, head: MembershipEntry, inner: [UInt8]) -> Envelope {
        Envelope.caseContent(caseload: caseload, epoch: 0, author: author, sequence: sequence,
                             commitment: EnvelopeCommitment(membershipLength: head.sequence + 1, membershipHead: head.hash, marks: []),
                             nonce: Self.random(Envelope.nonceLength), locator: Self.random(16), tagKey: tagKey(key), inner: inner)
    }

    /// An envelope of `scope` with a plain signed ciphertext (no stub signature).
    func plain(scope: UInt8, by author: SigningKeyPair, sequence: UInt64, head: MembershipEntry, ciphertext: [UInt8] = random(200)) -> Envelope {
        let nonce = Self.random(Envelope.nonceLength)
        let commitment = EnvelopeCommitment(membershipLength: head.sequence + 1, membershipHead: head.hash, marks: [])
        let header = Envelope.header(caseload: caseload, epoch: 0, keyScope: scope, author: author.publicKey, sequence: sequence, commitment: commitment, nonce: nonce)
        return Envelope(caseload: caseload, epoch: 0, keyScope: scope, author: author.publicKey, sequence: sequence, commitment: commitment, nonce: nonce,
                        ciphertext: ciphertext, signature: author.sign(Envelope.signedPart(header: header, ciphertext: ciphertext)))
    }

    @Test(arguments: TestStorage.allCases)
    func aDestroyOrderCutsTheCasesEnvelopesToStubs(_ storage: TestStorage) async throws {
        try await storage.withRepositories { repositories async throws in
            try await destroy(repositories[0], storage)
        }
    }

    private func destroy<Repository: RelayRepository>(_ repository: Repository, _ storage: TestStorage) async throws {
        let configuration = RelayConfiguration(dataDirectory: FileManager.default.temporaryDirectory, openEnrolment: true, readerControlBytes: 1_000)
        let relay = RelayService(repository: repository, configuration: configuration, now: { UInt64(Date().timeIntervalSince1970 * 1000) })
        var entries = [MembershipEntry(caseload: caseload, after: nil, author: admin, milliseconds: 1, action: .add(device: admin.publicKey, role: .admin, by: counsellor))]
        for (device, role) in [(member, MembershipEntry.Role.member), (reader, .reader)] {
            entries.append(MembershipEntry(caseload: caseload, after: entries.last, author: admin, milliseconds: 2,
                                           action: .add(device: device.publicKey, role: role, by: SigningKeyPair.generate())))
        }
        for entry in entries { try await relay.appendMembership(entry.bytes, to: caseload, device: admin.publicKey) }
        let head = entries[2]

        // A scope 1 envelope whose stub signature does not verify is refused.
        var forged = content(caseKey, by: member, sequence: 1, head: head, inner: Self.random(300))
        var body = try #require(try forged.caseBody())
        body = CaseEnvelopeBody(locator: Self.random(16), tag: body.tag, stubSignature: body.stubSignature, inner: body.inner)
        forged = Envelope(caseload: caseload, epoch: 0, keyScope: 1, author: member.publicKey, sequence: 1, commitment: forged.commitment,
                          nonce: forged.nonce, ciphertext: body.bytes,
                          signature: member.sign(Envelope.signedPart(header: forged.header, ciphertext: body.bytes)))
        #expect(forged.isSignatureValid && !forged.isStubSignatureValid)
        await #expect { try await relay.push([forged.bytes], to: caseload, device: member.publicKey) } throws: { ($0 as? RelayError)?.code == "bad_signature" }
        await #expect { try await relay.push([plain(scope: 3, by: member, sequence: 1, head: head).bytes], to: caseload, device: member.publicKey) }
            throws: { ($0 as? RelayError)?.code == "bad_envelope" }

        // Two envelopes of the case, one of another case, one ordinary one.
        let secret = Array("INNER-OF-THE-DESTROYED-CASE".utf8) + Self.random(64)
        let first = content(caseKey, by: member, sequence: 1, head: head, inner: secret)
        let second = content(caseKey, by: admin, sequence: 1, head: head, inner: Self.random(400))
        let other = content(otherCaseKey, by: member, sequence: 2, head: head, inner: Self.random(100))
        let ordinary = plain(scope: 0, by: member, sequence: 3, head: head)
        _ = try await relay.push([first.bytes, other.bytes, ordinary.bytes], to: caseload, device: member.publicKey)
        _ = try await relay.push([second.bytes], to: caseload, device: admin.publicKey)

        // A reader pushes control envelopes only, and only within its allowance (else one
        // reader could fill the owner's quota).
        await #expect(throws: RelayError.readOnly) { try await relay.push([plain(scope: 0, by: reader, sequence: 1, head: head).bytes], to: caseload, device: reader.publicKey) }
        await #expect(throws: RelayError.readOnly) {
            try await relay.push([content(caseKey, by: reader, sequence: 1, head: head, inner: Self.random(10)).bytes], to: caseload, device: reader.publicKey)
        }
        let control = plain(scope: 2, by: reader, sequence: 1, head: head)
        _ = try await relay.push([control.bytes], to: caseload, device: reader.publicKey)
        await #expect(throws: RelayError.quotaExceeded(.reader)) {
            try await relay.push([plain(scope: 2, by: reader, sequence: 2, head: head, ciphertext: Self.random(600)).bytes], to: caseload, device: reader.publicKey)
        }

        // A destroy entry names the case of its tag key, no other: an admin cannot cut a live
        // case to stubs under another case's name.
        let misnamed = MembershipEntry(caseload: caseload, after: head, author: admin, milliseconds: 3,
                                       action: .destroy(caseID: caseID(otherCaseKey), tagKey: tagKey(caseKey)))
        await #expect { try await relay.appendMembership(misnamed.bytes, to: caseload, device: admin.publicKey) } throws: { ($0 as? RelayError)?.code == "membership_conflict" }

        // Only an admin may order the destruction.
        let byMember = MembershipEntry(caseload: caseload, after: head, author: member, milliseconds: 3,
                                       action: .destroy(caseID: caseID(caseKey), tagKey: tagKey(caseKey)))
        await #expect { try await relay.appendMembership(byMember.bytes, to: caseload, device: member.publicKey) } throws: { ($0 as? RelayError)?.code == "membership_conflict" }
        let order = MembershipEntry(caseload: caseload, after: head, author: admin, milliseconds: 3,
                                    action: .destroy(caseID: caseID(caseKey), tagKey: tagKey(caseKey)))
        try await relay.appendMembership(order.bytes, to: caseload, device: admin.publicKey)

        let page = try await relay.pull(caseload, after: 0, limit: nil, device: member.publicKey)
        #expect(page.envelopes.count == 5)
        let served = page.envelopes.map(\.bytes)
        // The case's envelopes are stubs now, in their places; the rest is untouched.
        for (index, envelope) in [(0, first), (3, second)] {
            let stub = try EnvelopeStub(bytes: served[index])
            let inner = try #require(try envelope.caseBody()).inner
            #expect(stub.isSignatureValid && stub.header == EnvelopeHeader(envelope) && stub.innerDigest == Digest.blake2b(inner))
        }
        #expect(served[1] == other.bytes && served[2] == ordinary.bytes && served[4] == control.bytes)
        // One author's envelopes by their own numbers: the stub too.
        let mine = try await relay.pull(caseload, author: member.publicKey, after: 0, limit: nil, device: member.publicKey)
        #expect(mine.envelopes.map(\.bytes) == [served[0], other.bytes, ordinary.bytes])

        // The case is destroyed once; what comes later of it is kept as a stub only, under its own id.
        let again = MembershipEntry(caseload: caseload, after: order, author: admin, milliseconds: 4,
                                    action: .destroy(caseID: caseID(caseKey), tagKey: tagKey(caseKey)))
        await #expect { try await relay.appendMembership(again.bytes, to: caseload, device: admin.publicKey) } throws: { ($0 as? RelayError)?.code == "membership_conflict" }
        let late = content(caseKey, by: member, sequence: 4, head: order, inner: secret)
        let receipt = try await relay.push([late.bytes], to: caseload, device: member.publicKey)
        #expect(receipt.map(\.id) == [Hex.encode(late.id)])
        #expect(try await relay.push([late.bytes], to: caseload, device: member.publicKey).map(\.duplicate) == [true])
        let after = try await relay.pull(caseload, after: 5, limit: nil, device: member.publicKey)
        #expect(try after.envelopes.map { try EnvelopeStub(bytes: $0.bytes).header } == [EnvelopeHeader(late)])

        // In the SQLite file (and its write-ahead log) the sealed part is gone.
        if storage == .sqlite, let sqlite = repository as? SQLiteRelayRepository {
            let folder = URL(fileURLWithPath: sqlite.database.path).deletingLastPathComponent()
            for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
                let bytes = try Data(contentsOf: folder.appendingPathComponent(file))
                #expect(bytes.range(of: Data("INNER-OF-THE-DESTROYED-CASE".utf8)) == nil, "\(file) still holds the destroyed case's sealed part")
            }
        }
    }
}
