import Foundation

// Shared by the benchmarks: timing, child processes with their peak memory.

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func peakMemoryMB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

struct ChildRun {
    let seconds: Double
    let peakMemoryMB: Double
}

/// Runs a program to completion (stdout to /dev/null) and returns its wall time and peak
/// memory. posix_spawn + wait4, because Foundation's Process.waitUntilExit polls in 50 ms
/// steps, which would swamp the figures.
func run(_ program: URL, _ arguments: [String], environment: [String: String], input: URL? = nil) throws -> ChildRun {
    let argv = ([program.path] + arguments).map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { (argv + envp).forEach { free($0) } }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    if let input { posix_spawn_file_actions_addopen(&actions, 0, input.path, O_RDONLY, 0) }
    defer { posix_spawn_file_actions_destroy(&actions) }
    var pid: pid_t = 0
    var status: Int32 = 0
    var usage = rusage()
    let elapsed = seconds {
        guard posix_spawn(&pid, program.path, &actions, nil, argv, envp) == 0 else { return }
        wait4(pid, &status, 0, &usage)
    }
    guard pid != 0, status == 0 else { throw BenchFailure("\(program.lastPathComponent) \(arguments.joined(separator: " ")) failed (\(status))") }
    return ChildRun(seconds: elapsed, peakMemoryMB: Double(usage.ru_maxrss) / 1024)
}

func summary(_ samples: [Double]) -> String {
    let sorted = samples.sorted()
    return String(format: "median %.1f ms, min %.1f ms, max %.1f ms over %d runs", sorted[sorted.count / 2] * 1000,
                  sorted[0] * 1000, sorted[sorted.count - 1] * 1000, sorted.count)
}

struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The binaries built next to vp-bench.
enum Binaries {
    static let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    static let vp = folder.appendingPathComponent("vp")
    static let relay = folder.appendingPathComponent("vp-relay")
}

/// `vp-bench [register|sync|load|live|cluster|all] [--cases N] [--keep] [FOLDER]`.
struct BenchOptions: Sendable {
    var mode = "all"
    /// Cases in the register and sync benchmarks: 1,000, 10,000 or 100,000 to see how cost grows.
    var cases = 10_000
    /// Keep the benchmark folder (and the unlocked vault) to look at or to time by hand.
    var keep = false
    var folder = URL(fileURLWithPath: NSTemporaryDirectory() + "vp-bench-\(getpid())")

    init(arguments: [String]) {
        var words = arguments[...]
        while let word = words.popFirst() {
            switch word {
            case "--cases": cases = words.popFirst().flatMap { Int($0) }.map { max(1, $0) } ?? cases
            case "--keep": keep = true
            case "register", "sync", "load", "live", "cluster", "all": mode = word
            default: folder = URL(fileURLWithPath: word)
            }
        }
    }
}

let options = BenchOptions(arguments: Array(CommandLine.arguments.dropFirst()))
let caseCount = options.cases
