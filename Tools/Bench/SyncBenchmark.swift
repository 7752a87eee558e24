import Casework
import Cryptography
import Foundation
import Replica
import Sync
import Vault

// Issue 3 targets: device A pushes 100,000 field edits on 10,000 cases; a freshly linked
// device B catches up. Both as one-shot `vp sync` processes against a release relay.

func syncBenchmark(folder: URL) async throws {
    try? FileManager.default.removeItem(at: folder)
    let relay = try RelayServer(data: folder.appendingPathComponent("relay"))
    defer { relay.stop() }
    let now: @Sendable () -> UInt64 = { UInt64(Date().timeIntervalSince1970 * 1000) }

    let homeA = folder.appendingPathComponent("a")
    let homeB = folder.appendingPathComponent("b")
    let pair = try await LinkedPair(in: folder, relay: relay.url, now: now)
    let (laptop, desktop) = (pair.laptop, pair.desktop)

    // 100,000 edits made on A: 10,000 cases of 10 fields each, as local operations.
    let editSeconds = try seconds {
        try laptop.write { session in
            let organisation = session.newRecordID()
            session.assign(.string("organisation"), to: "kind", of: organisation)
            session.assign(.string("Bench BV"), to: "name", of: organisation)
            for number in 1...caseCount {
                let id = session.newRecordID()
                session.assign(.string("case"), to: "kind", of: id)
                session.assign(.string(String(format: "2026-%05d", number)), to: "ref", of: id)
                session.assign(.string(organisation.description), to: "organisation", of: id)
                session.assign(.string("2026-03-14"), to: "opened", of: id)
                session.assign(.string("open"), to: "status", of: id)
                session.assign(.string("phone"), to: "channel", of: id)
                session.assign(.string("employee"), to: "reporter_role", of: id)
                session.insert("bullying", into: "categories", of: id)
                session.assign(.string("colleague"), to: "other_party", of: id)
                session.write("Gesprek over de situatie in het team, nummer \(number).", to: "summary", of: id)
            }
        }
    }
    let edits = try laptop.operations().count
    print(String(format: "sync: %d local operations written on device A in %.2f s (setup, not a target)", edits, editSeconds))

    var environmentA = ProcessInfo.processInfo.environment
    environmentA["VP_HOME"] = homeA.path
    var environmentB = environmentA
    environmentB["VP_HOME"] = homeB.path
    try laptop.startSession(in: SessionKeyring(), seconds: 600)
    try desktop.startSession(in: SessionKeyring(), seconds: 600)
    defer {
        _ = try? laptop.endSession(in: SessionKeyring())
        _ = try? desktop.endSession(in: SessionKeyring())
    }

    let push = try run(Binaries.vp, ["sync"], environment: environmentA)
    print(String(format: "sync: push of %d operations by one-shot 'vp sync' on A: %.3f s (target <= 1.5 s), peak memory %.1f MB (target <= 300 MB)",
                 edits, push.seconds, push.peakMemoryMB))
    let catchUp = try run(Binaries.vp, ["sync"], environment: environmentB)
    let lockedB = try LockedVault(at: homeB)
    let caught = try lockedB.open(key: lockedB.sessionKey(from: SessionKeyring(), now: Vault.systemClock())!)
        .records().values.filter { $0.string("kind") == "case" }.count
    print(String(format: "sync: catch-up of B (download, verify, decrypt, persist, materialise): %.3f s (target <= 1.0 s), peak memory %.1f MB (target <= 300 MB); B now holds %d cases",
                 catchUp.seconds, catchUp.peakMemoryMB, caught))
    print(String(format: "sync: relay peak memory %.1f MB (target <= 300 MB)", relay.peakMemoryMB))
}
