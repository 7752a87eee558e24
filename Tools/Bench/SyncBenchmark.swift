import Casework
import Cryptography
import Foundation
import Replica
import Sync
import Vault

// Issue 3 targets: device A pushes 100,000 field edits on 10,000 cases; a freshly linked
// device B catches up. Both as one-shot `vp sync` processes against a release relay.

func syncBenchmark(folder: URL) async throws {
    try await syncBenchmark(folder: folder, keyed: false)
    try await syncBenchmark(folder: folder.appendingPathComponent("keyed"), keyed: true)
}

/// `keyed`: every case has a key of its own (issue 11), so its content travels in an
/// envelope of its own (key scope 1) and its key in a drop to B.
private func syncBenchmark(folder: URL, keyed: Bool) async throws {
    let label = keyed ? "sync (keyed cases)" : "sync"
    try? FileManager.default.removeItem(at: folder)
    let relay = try RelayServer(data: folder.appendingPathComponent("relay"))
    defer { relay.stop() }
    let now: @Sendable () -> UInt64 = { UInt64(Date().timeIntervalSince1970 * 1000) }

    let homeA = folder.appendingPathComponent("a")
    let homeB = folder.appendingPathComponent("b")
    let pair = try await LinkedPair(in: folder, relay: relay.url, now: now)
    let (laptop, desktop) = (pair.laptop, pair.desktop)
    var ids: [RecordID?] = (1...caseCount).map { _ in nil }
    if keyed {
        // Setup: B publishes its keys, A reads them; then A holds a key per case.
        _ = try await SyncEngine(vault: desktop, routing: CaseSchema.routing, relay: pair.desktopClient, now: now).run()
        _ = try await SyncEngine(vault: laptop, routing: CaseSchema.routing, relay: pair.laptopClient, now: now).run()
        ids = try makeCaseKeys(caseCount, in: laptop)
    }

    // 100,000 edits made on A: 10,000 cases of 10 fields each, as local operations.
    let editSeconds = try seconds { try writeCases(in: laptop, ids: ids) }
    let edits = try laptop.operations().count
    print(String(format: "\(label): %d local operations written on device A in %.2f s (setup, not a target)", edits, editSeconds))

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
    print(String(format: "\(label): push of %d operations by one-shot 'vp sync' on A: %.3f s (target <= 1.5 s), peak memory %.1f MB (target <= 300 MB)",
                 edits, push.seconds, push.peakMemoryMB))
    let catchUp = try run(Binaries.vp, ["sync"], environment: environmentB)
    let lockedB = try LockedVault(at: homeB)
    let caught = try lockedB.open(key: lockedB.sessionKey(from: SessionKeyring(), now: Vault.systemClock())!)
        .records().values.filter { $0.string("kind") == "case" }.count
    print(String(format: "\(label): catch-up of B (download, verify, decrypt, persist, materialise): %.3f s (target <= 1.0 s), peak memory %.1f MB (target <= 300 MB); B now holds %d cases",
                 catchUp.seconds, catchUp.peakMemoryMB, caught))
    print(String(format: "\(label): relay peak memory %.1f MB (target <= 300 MB)", relay.peakMemoryMB))
}

/// 10,000 cases of 10 fields each in one write, under `ids` (nil: a random id).
private func writeCases(in vault: Vault, ids: [RecordID?]) throws {
    try vault.write { session in
        let organisation = session.newRecordID()
        session.assign(.string("organisation"), to: "kind", of: organisation)
        session.assign(.string("Bench BV"), to: "name", of: organisation)
        for (index, given) in ids.enumerated() {
            let number = index + 1
            let id = given ?? session.newRecordID()
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

/// `count` case keys kept in `vault` for its home caseload, in one transaction; their case ids.
private func makeCaseKeys(_ count: Int, in vault: Vault) throws -> [RecordID?] {
    let home = try Caseload.home(of: vault).id
    let me = try vault.identity().signing.publicKey.bytes
    return try vault.syncTransaction { ledger in
        try (0..<count).map { _ in
            let bytes = SecureRandom.bytes(32)
            let caseKey = try CaseKey(bytes: bytes)
            try ledger.storeCaseKey(HeldCaseKey(caseID: caseKey.caseID, key: try SymmetricKey(bytes: bytes), holders: [home: [me]]))
            return RecordID(bytes: caseKey.caseID)
        }
    }
}
