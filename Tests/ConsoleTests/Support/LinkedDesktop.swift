import Foundation
import InProcessRelay
import Register
import Sync
import Vault
@testable import Console

extension TestHome {
    /// A new device of the counsellor behind this home, linked through `relay` (as `vp device
    /// link` and `vp init --join` would), with its first sync done.
    func linkedDesktop(through relay: InProcessRelay) async throws -> TestHome {
        let desktop = TestHome(createVault: false)
        desktop.connect = connect
        let desktopVault = try Vault.create(in: desktop.folder, passphrase: Array(TestHome.passphrase.utf8), kdf: .interactive)
        let laptopVault = try openVault()
        let code = LinkCode.generate()
        let laptopRelay = relay.transport(as: try laptopVault.identity().signing.publicKey)
        // The homes' clock: keys published now must look current to the desktop's commands.
        let fixed = self.now
        let now: @Sendable () -> UInt64 = { fixed }
        var joined: Task<Void, Error>?
        _ = try await DeviceLinking.offer(code: code, vault: laptopVault, relay: laptopRelay, now: now, ready: {
            joined = Task { try await DeviceLinking.join(code: code, vault: desktopVault, relay: relay.transport(as: nil)) }
        }, handOver: {
            // As `vp device link` does: the case keys go before the desktop is answered.
            _ = try await CaseRegister(vault: laptopVault).sync(relay: laptopRelay, now: now)
        })
        try await joined?.value
        _ = await desktop.run("sync")
        return desktop
    }
}
