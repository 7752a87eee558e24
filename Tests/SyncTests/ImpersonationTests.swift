import Foundation
import Identifiers
import Signatures
import Testing
import Vault
import WireFormat
@testable import Sync

/// Issue 9, attack 3: an invitee claiming the id of another counsellor was listed as that
/// counsellor and could not be removed. A counsellor id is now made from the counsellor's
/// key, and every device added under it needs a certificate by that key: the inviting
/// device refuses the claim, and so would every reader of the log.
@Suite struct ImpersonationTests {
    let fixture: SyncFixture
    init() throws { fixture = try SyncFixture() }

    /// The guest's request, as a modified client would send it, claiming `counsellor`.
    func invite(claiming counsellor: CounsellorID, into team: Caseload, from admin: Vault) async throws -> (refusal: Error?, entries: Int) {
        let guest = SigningKeyPair.generate()
        let guestCounsellor = SigningKeyPair.generate()
        let code = LinkCode.generate()
        let request = CaseloadInvitation.request(code: code, device: guest, counsellor: counsellor,
                                                 certificate: .issue(for: guest.publicKey, by: guestCounsellor), name: nil)
        let guestRelay = fixture.relay.transport(as: nil)
        var asked: Task<[UInt8], Error>?
        var refusal: Error?
        do {
            _ = try await CaseloadInvitation.offer(code: code, caseload: team, role: .member, vault: admin, relay: try fixture.transport(admin),
                                                   now: fixture.now) {
                asked = Task { try await LinkMailbox.ask(code: code, relay: guestRelay, request: request) }
            }
        } catch {
            refusal = error
        }
        asked?.cancel()
        return (refusal, try admin.syncRead { try $0.membershipEntries(team.id) }.count)
    }

    @Test func anInviteeClaimingTheAdminsIdIsRefused() async throws {
        let admin = try fixture.counsellor()
        let colleague = try fixture.counsellor()
        let team = try await fixture.share("Team", from: admin, with: colleague)
        let before = try admin.syncRead { try $0.membershipEntries(team.id) }.count
        let attempt = try await invite(claiming: try Caseload.home(of: admin).counsellor, into: team, from: admin)
        #expect(attempt.refusal as? SyncError == .linkRejected("the invitee claims to be a counsellor who is already in this caseload"))
        #expect(attempt.entries == before)  // before: the guest was added and listed as the admin
    }

    @Test func anInviteeClaimingTheIdOfACounsellorNotYetHereIsRefused() async throws {
        let admin = try fixture.counsellor()
        let colleague = try fixture.counsellor()
        let team = try Caseload.create(named: "Team", in: admin, milliseconds: fixture.now())
        try await fixture.sync(admin)
        let before = try admin.syncRead { try $0.membershipEntries(team.id) }.count
        // The colleague has not joined Team yet; a guest tries to take their id first.
        let attempt = try await invite(claiming: try Caseload.home(of: colleague).counsellor, into: team, from: admin)
        #expect(attempt.refusal as? SyncError == .linkRejected("the invitee's counsellor id is not theirs"))
        #expect(attempt.entries == before)
        // The real colleague still joins under their id.
        try await fixture.invite(colleague, to: team, from: admin)
        let membership = try team.membership(in: admin)
        #expect(membership.members.values.contains { $0.counsellor == (try? Caseload.home(of: colleague).counsellor) })
    }

    @Test func aCounsellorsIdIsMadeFromTheirKey() throws {
        let vault = try fixture.counsellor()
        let home = try Caseload.home(of: vault)
        #expect(home.counsellor == CounsellorID(key: try CounsellorKey.of(vault).publicKey))
    }
}
