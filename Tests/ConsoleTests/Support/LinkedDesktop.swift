import Foundation
import InProcessRelay
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
        var joined: Task<Void, Error>?
        _ = try await DeviceLinking.offer(code: code, vault: laptopVault, relay: relay.transport(as: try laptopVault.identity().signing.publicKey),
                                          now: { UInt64(Date().timeIntervalSince1970 * 1000) }) {
            joined = Task { try await DeviceLinking.join(code: code, vault: desktopVault, relay: relay.transport(as: nil)) }
        }
        try await joined?.value
        _ = await desktop.run("sync")
        return desktop
    }
}
