import Casework
import Cryptography
import Foundation
import Replica
import Sync
import Synchronization
import Vault

// Issue 10 target: a change on device A is visible on watching device B within 1 s (p99 over
// 200 changes). A release relay; B waits as `vp sync --watch` does (a long pull from each
// caseload's cursor, then a sync); A edits one case and syncs, 200 times, each after B saw
// the last. The delay runs from the start of A's sync to B's vault holding the change.

func liveBenchmark(folder: URL) async throws {
    try? FileManager.default.removeItem(at: folder)
    let relay = try RelayServer(data: folder.appendingPathComponent("relay"))
    defer { relay.stop() }
    let now: @Sendable () -> UInt64 = { UInt64(Date().timeIntervalSince1970 * 1000) }
    let pair = try await LinkedPair(in: folder, relay: relay.url, now: now)
    let (laptop, desktop, laptopClient, desktopClient) = (pair.laptop, pair.desktop, pair.laptopClient, pair.desktopClient)

    var record: RecordID?
    try laptop.write { session in
        let id = session.newRecordID()
        session.assign(.string("case"), to: "kind", of: id)
        session.assign(.string("Live 0"), to: "channel", of: id)
        record = id
    }
    let watched = record!
    _ = try await SyncEngine(vault: laptop, routing: CaseSchema.routing, relay: laptopClient, now: now).run()
    _ = try await SyncEngine(vault: desktop, routing: CaseSchema.routing, relay: desktopClient, now: now).run()

    // B: wait for news, sync, note when each change arrived.
    let arrivals = Mutex<[Int: Date]>([:])
    let watcher = Task {
        while !Task.isCancelled {
            guard try await SyncWatch.next(vault: desktop, relay: desktopClient, seconds: 20) != .quiet else { continue }
            _ = try await SyncEngine(vault: desktop, routing: CaseSchema.routing, relay: desktopClient, now: now).run()
            if let text = try desktop.records()[watched]?.string("channel"), let number = Int(text.dropFirst(5)) {
                let arrived = Date()
                arrivals.withLock { if $0[number] == nil { $0[number] = arrived } }
            }
        }
    }
    defer { watcher.cancel() }
    try await Task.sleep(for: .milliseconds(300))

    var delays: [Double] = []
    for number in 1...200 {
        try laptop.write { session in session.assign(.string("Live \(number)"), to: "channel", of: watched) }
        let synced = Date()
        _ = try await SyncEngine(vault: laptop, routing: CaseSchema.routing, relay: laptopClient, now: now).run()
        while arrivals.withLock({ $0[number] }) == nil, Date().timeIntervalSince(synced) < 5 {
            try await Task.sleep(for: .milliseconds(2))
        }
        delays.append((arrivals.withLock { $0[number] } ?? Date()).timeIntervalSince(synced))
    }
    let sorted = delays.sorted()
    print(String(format: "live: a change on A visible on watching B: p50 %.0f ms, p99 %.0f ms, max %.0f ms over %d changes (target p99 <= 1000 ms)",
                 sorted[sorted.count / 2] * 1000, sorted[sorted.count * 99 / 100] * 1000, sorted[sorted.count - 1] * 1000, sorted.count))
}
