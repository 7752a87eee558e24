import Foundation
import InProcessRelay
import Sync
import Testing
import Vault

/// Issue 9, attack 7: a relay cannot make a device believe it was removed. "Removed" is
/// said only when the signed membership log shows the removal; the relay's 403 alone is a
/// refusal, reported as the relay's doing.
@Suite struct RemovalClaimTests {
    let fixture: SyncFixture
    init() throws { fixture = try SyncFixture() }

    @Test func aRelaysNotAMemberWithoutASignedRemovalIsNotARemoval() async throws {
        let laptop = try fixture.counsellor()
        let desktop = try await fixture.linkedDevice(of: laptop)
        let home = try Caseload.home(of: desktop)
        fixture.relay.misbehave { $0.denies = { caseload, _ in caseload == home.id } }
        await #expect(throws: SyncError.deniedByRelay) { try await fixture.sync(desktop) }  // before: .removed
    }

    @Test func aSharedCaseloadIsReportedLeftOnlyAfterTheSignedRemoval() async throws {
        let admin = try fixture.counsellor()
        let colleague = try fixture.counsellor()
        let caseload = try await fixture.share("Team", from: admin, with: colleague)
        fixture.relay.misbehave { $0.denies = { id, _ in id == caseload.id } }
        await #expect(throws: SyncError.deniedByRelay) { try await fixture.sync(colleague) }
        fixture.relay.misbehave { $0 = Misbehaviour() }
        // Now the admin really removes the colleague: the colleague reads the signed removal.
        let counsellor = try Caseload.home(of: colleague).counsellor
        #expect(try await CaseloadRemoval.remove(counsellor.description, from: caseload, vault: admin, relay: fixture.transport(admin), now: fixture.now) == 1)
        let report = try await fixture.sync(colleague)
        #expect(report.removedFrom == ["Team"])
    }

    @Test func aRevokedDeviceReadsItsOwnRemovalInTheLog() async throws {
        let laptop = try fixture.counsellor()
        let desktop = try await fixture.linkedDevice(of: laptop)
        _ = try await DeviceRevocation.revoke(try desktop.device.description, vault: laptop, relay: fixture.transport(laptop), now: fixture.now)
        await #expect(throws: SyncError.removed) { try await fixture.sync(desktop) }
        // It saw the log only up to its removal, not the rotation after it.
        let home = try Caseload.home(of: laptop).id
        #expect(try desktop.syncRead { try $0.membershipEntries(home) }.count == (try laptop.syncRead { try $0.membershipEntries(home) }.count) - 1)
    }

    @Test func aColleaguesSingleDeviceCanBeRemovedByItsDeviceId() async throws {
        let admin = try fixture.counsellor()
        let colleague = try fixture.counsellor()
        let team = try await fixture.share("Team", from: admin, with: colleague)
        let phone = try await fixture.linkedDevice(of: colleague)  // joins Team too, as the colleague's device
        try await fixture.sync(admin)
        let phoneID = try phone.device.description
        #expect(try await CaseloadRemoval.remove(String(phoneID.prefix(8)), from: team, vault: admin, relay: fixture.transport(admin),
                                                 now: fixture.now) == 1)
        #expect(try await fixture.sync(phone).removedFrom == ["Team"])
        #expect(try await fixture.sync(colleague).removedFrom.isEmpty)
    }
}
