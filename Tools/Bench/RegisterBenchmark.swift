import Cryptography
import Foundation
import Identifiers
import Replica
import Vault

// Issue 2 targets: bulk apply throughput and memory, one-shot CLI latency on 10,000 cases.

let operationsPerCase = 10
let passphrase = "benchmark passphrase"

/// 10 operations per case, as a counsellor's edits would make them, from another device.
func makeOperations(organisation: RecordID) -> [FieldOperation] {
    var clock = HybridClock(device: DeviceID(rawValue: 0xBE9C4))
    var random = SystemRandomNumberGenerator()
    let now = UInt64(Date().timeIntervalSince1970 * 1000) - 3_600_000
    let categories = ["bullying", "work_pressure", "integrity", "discrimination", "other"]
    var operations: [FieldOperation] = []
    operations.reserveCapacity(caseCount * operationsPerCase + 2)
    func add(_ record: RecordID, _ field: String, _ change: Change) {
        operations.append(FieldOperation(id: clock.tick(wallMilliseconds: now), record: record, field: field, change: change))
    }
    add(organisation, "kind", .assign(.string("organisation")))
    add(organisation, "name", .assign(.string("Bench BV")))
    for number in 1...caseCount {
        let id = RecordID(high: random.next(), low: random.next())
        add(id, "kind", .assign(.string("case")))
        add(id, "ref", .assign(.string(String(format: "2026-%05d", number))))
        add(id, "organisation", .assign(.string(organisation.description)))
        add(id, "opened", .assign(.string("2026-03-14")))
        add(id, "status", .assign(.string("open")))
        add(id, "channel", .assign(.string("phone")))
        add(id, "reporter_role", .assign(.string("employee")))
        add(id, "categories", .insert(categories[number % categories.count]))
        add(id, "other_party", .assign(.string("colleague")))
        add(id, "summary", .write("Gesprek over de situatie in het team, nummer \(number).", supersedes: []))
    }
    return operations
}

func registerBenchmark(home: URL) throws {
    try? FileManager.default.removeItem(at: home)
    let vault = try Vault.create(in: home, passphrase: Array(passphrase.utf8), kdf: .interactive)
    let organisation = RecordID(high: 1, low: 1)
    let operations = makeOperations(organisation: organisation)
    let applySeconds = try seconds { try vault.apply(operations) }
    let rate = Double(operations.count) / applySeconds
    print(String(format: "apply: %d operations on %d records, persisted and materialised, in %.3f s = %.0f operations/s (target >= 200000)",
                 operations.count, caseCount + 1, applySeconds, rate))
    print(String(format: "apply: peak memory %.1f MB (target <= 250 MB)", peakMemoryMB()))
    let checkSeconds = try seconds { _ = try vault.records() }
    print(String(format: "load all records (decrypt + decode): %.1f ms", checkSeconds * 1000))

    guard FileManager.default.isExecutableFile(atPath: Binaries.vp.path) else {
        print("vp is not built next to vp-bench; build it with 'swift build -c release' for the CLI figures")
        throw BenchFailure("vp missing")
    }
    var environment = ProcessInfo.processInfo.environment
    environment["VP_HOME"] = home.path
    environment["VP_PASSPHRASE"] = passphrase
    _ = try run(Binaries.vp, ["unlock", "--for", "10m"], environment: environment)
    environment["VP_PASSPHRASE"] = nil  // from here on the key comes from the unlock session
    _ = try run(Binaries.vp, ["case", "list", "--json"], environment: environment)  // warm the page cache
    let lists = try (0..<10).map { _ in try run(Binaries.vp, ["case", "list", "--json"], environment: environment) }
    print("vp case list --json (\(caseCount) cases, unlocked): \(summary(lists.map(\.seconds))), peak memory \(String(format: "%.1f", lists.map(\.peakMemoryMB).max()!)) MB (target <= 200 ms at 10,000; <= 2 s and 400 MB at 100,000)")
    let open = try (0..<10).map { _ in
        try run(Binaries.vp, ["case", "open", "--org", "Bench BV", "--category", "bullying"], environment: environment).seconds
    }
    print("vp case open (\(caseCount)+ cases, unlocked): \(summary(open)) (target <= 100 ms)")
    for format in ["md", "html"] {
        let report = try (0..<10).map { _ in
            try run(Binaries.vp, ["report", "--org", "Bench BV", "--year", "2026", "--format", format], environment: environment).seconds
        }
        print("vp report --format \(format) (\(caseCount)+ cases, unlocked): \(summary(report)) (target <= 300 ms)")
    }
    let searches = try (0..<10).map { _ in try run(Binaries.vp, ["search", "situatie", "team", "--json"], environment: environment).seconds }
    print("vp search (two words, every case matches; \(caseCount)+ cases, unlocked): \(summary(searches)) (target <= 300 ms at 10,000)")
    for (label, words) in [("case show", ["case", "show", "2026-00001"]), ("case set", ["case", "set", "2026-00001", "channel", "email"]),
                           ("contact add", ["contact", "add", "2026-00001", "--date", "2026-03-15", "--minutes", "30", "--channel", "phone"])] {
        let samples = try (0..<10).map { _ in try run(Binaries.vp, words, environment: environment).seconds }
        print("vp \(label) (\(caseCount)+ cases, unlocked): \(summary(samples))")
    }
    // 1,000 cases opened in a row at the prompt (piped, one command per line).
    let script = home.appendingPathComponent("repl-input.txt")
    try String(repeating: "case open --org \"Bench BV\" --category bullying\n", count: 1_000).write(to: script, atomically: true, encoding: .utf8)
    let repl = try run(Binaries.vp, ["repl"], environment: environment, input: script)  // total seconds = ms per command
    print(String(format: "vp repl: 1000 'case open' typed in a row (%d+ cases): %.1f ms per command, peak memory %.1f MB (target <= 15 ms)",
                 caseCount, repl.seconds, repl.peakMemoryMB))
    try? FileManager.default.removeItem(at: script)
    if !options.keep { _ = try run(Binaries.vp, ["lock"], environment: environment) }
}
