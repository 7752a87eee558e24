import Casework
import Foundation
import Sync
import Vault

/// Device A with its caseload on the relay, and device B linked to it while A is still
/// empty: the start of the sync and live benchmarks.
struct LinkedPair {
    let laptop: Vault
    let desktop: Vault
    let laptopClient: HTTPRelay
    let desktopClient: HTTPRelay

    init(in folder: URL, relay: URL, now: @escaping @Sendable () -> UInt64) async throws {
        laptop = try Vault.create(in: folder.appendingPathComponent("a"), passphrase: Array(passphrase.utf8), kdf: .interactive, indexing: CaseIndex())
        try Caseload.createHome(in: laptop, milliseconds: now())
        try Caseload.remember(relay: relay.absoluteString, insecure: false, in: laptop)
        laptopClient = HTTPRelay(baseURL: relay, keys: try laptop.identity().signing, now: now)
        _ = try await SyncEngine(vault: laptop, routing: CaseSchema.routing, relay: laptopClient, now: now).run()
        let desktop = try Vault.create(in: folder.appendingPathComponent("b"), passphrase: Array(passphrase.utf8), kdf: .interactive, indexing: CaseIndex())
        let code = LinkCode.generate()
        let guest = HTTPRelay(baseURL: relay, keys: nil, now: now)
        // The new device asks once the mailbox exists, as a person would after seeing the code.
        var joined: Task<Void, Error>?
        _ = try await DeviceLinking.offer(code: code, vault: laptop, relay: laptopClient, now: now) {
            joined = Task { try await DeviceLinking.join(code: code, vault: desktop, relay: guest) }
        }
        try await joined?.value
        try Caseload.remember(relay: relay.absoluteString, insecure: false, in: desktop)
        self.desktop = desktop
        desktopClient = HTTPRelay(baseURL: relay, keys: try desktop.identity().signing, now: now)
    }
}
