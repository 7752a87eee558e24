import Foundation
import Signatures
import Testing
import Vault
import WireFormat
@testable import Sync

/// Issue 9, attack 3 (in part): an invitee claiming the id of a counsellor already in the
/// caseload was listed as that counsellor and could not be removed. The inviting device now
/// refuses such a claim. (Binding ids to counsellor keys, so an id not yet in the caseload
/// cannot be squatted either, is still to come.)
@Suite struct ImpersonationTests {
    let fixture: SyncFixture
    init() throws { fixture = try SyncFixture() }

    @Test func anInviteeClaimingAMembersCounsellorIdIsRefused() async throws {
        let admin = try fixture.counsellor()
        let colleague = try fixture.counsellor()
        let team = try await fixture.share("Team", from: admin, with: colleague)
        let before = try admin.syncRead { try $0.membershipEntries(team.id) }.count
        let guest = SigningKeyPair.generate()
        let code = LinkCode.generate()
        let request = guest.publicKey.bytes + (try Caseload.home(of: admin).counsellor.bytes)
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
        #expect(refusal as? SyncError == .linkRejected("the invitee claims to be a counsellor who is already in this caseload"))
        #expect(try admin.syncRead { try $0.membershipEntries(team.id) }.count == before)  // before: the guest was added as the admin
    }
}
