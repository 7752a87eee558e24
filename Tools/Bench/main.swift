import Cryptography
import Foundation
import Replica
import Vault

// Benchmarks for issue 2, run in release mode by Tools/bench.sh. Prints figures; the
// targets are printed beside them. Not a test: nothing here asserts.

let caseCount = 10_000
let operationsPerCase = 10
let home = URL(fileURLWithPath: CommandLine.arguments.dropFirst().first ?? NSTemporaryDirectory() + "vp-bench-\(getpid())")
let vpBinary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("vp")
let passphrase = "benchmark passphrase"

func peakMemoryMB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

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

/// Runs vp and returns its wall time. posix_spawn + waitpid, because Foundation's
/// Process.waitUntilExit polls in 50 ms steps, which would swamp the figures.
func runVP(_ arguments: [String], environment: [String: String]) throws -> Double {
    let argv = ([vpBinary.path] + arguments).map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { (argv + envp).forEach { free($0) } }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    defer { posix_spawn_file_actions_destroy(&actions) }
    var pid: pid_t = 0
    var status: Int32 = 0
    let elapsed = seconds {
        guard posix_spawn(&pid, vpBinary.path, &actions, nil, argv, envp) == 0 else { return }
        waitpid(pid, &status, 0)
    }
    guard pid != 0, status == 0 else { throw NSError(domain: "vp \(arguments) failed", code: Int(status)) }
    return elapsed
}

func summary(_ samples: [Double]) -> String {
    let sorted = samples.sorted()
    let median = sorted[sorted.count / 2]
    return String(format: "median %.1f ms, min %.1f ms, max %.1f ms over %d runs", median * 1000, sorted[0] * 1000,
                  sorted[sorted.count - 1] * 1000, sorted.count)
}

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

guard FileManager.default.isExecutableFile(atPath: vpBinary.path) else {
    print("vp is not built next to vp-bench; build it with 'swift build -c release' for the CLI figures")
    exit(1)
}
var environment = ProcessInfo.processInfo.environment
environment["VP_HOME"] = home.path
environment["VP_PASSPHRASE"] = passphrase
_ = try runVP(["unlock", "--for", "10m"], environment: environment)
environment["VP_PASSPHRASE"] = nil  // from here on the key comes from the unlock session
_ = try runVP(["case", "list", "--json"], environment: environment)  // warm the page cache
let list = try (0..<10).map { _ in try runVP(["case", "list", "--json"], environment: environment) }
print("vp case list --json (\(caseCount) cases, unlocked): \(summary(list)) (target <= 200 ms)")
let open = try (0..<10).map { _ in
    try runVP(["case", "open", "--org", "Bench BV", "--category", "bullying"], environment: environment)
}
print("vp case open (\(caseCount)+ cases, unlocked): \(summary(open)) (target <= 100 ms)")
if ProcessInfo.processInfo.environment["VP_BENCH_KEEP"] == nil {
    _ = try runVP(["lock"], environment: environment)
    try? FileManager.default.removeItem(at: home)
}
