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
/// memory. A small fresh copy of this benchmark (`vp-bench --measure`) starts and times it:
/// on Linux a child's peak memory includes what its parent had resident when it was spawned
/// (counted when the child execs), and this process holds whole registers.
func run(_ program: URL, _ arguments: [String], environment: [String: String], input: URL? = nil) throws -> ChildRun {
    var fds: [Int32] = [0, 0]
    guard pipe(&fds) == 0 else { throw BenchFailure("no pipe") }
    let measurer = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    let status = spawnAndWait(measurer.path, ["--measure", input?.path ?? "-", program.path] + arguments,
                              environment: environment.map { "\($0.key)=\($0.value)" }, output: fds[1], input: nil).status
    close(fds[1])
    let answer = FileHandle(fileDescriptor: fds[0], closeOnDealloc: true).readDataToEndOfFile()
    let words = String(decoding: answer, as: UTF8.self).split(whereSeparator: \.isWhitespace)
    guard status == 0, words.count == 3, let elapsed = Double(words[0]), let kilobytes = Double(words[1]), words[2] == "0" else {
        throw BenchFailure("\(program.lastPathComponent) \(arguments.joined(separator: " ")) failed (\(words.last ?? "?"))")
    }
    return ChildRun(seconds: elapsed, peakMemoryMB: kilobytes / 1024)
}

/// `vp-bench --measure INPUT PROGRAM ARGUMENTS...` (INPUT `-` for none): runs the program with
/// this process's environment and prints its wall time in seconds, its peak resident memory
/// in KiB and its exit status.
func measureChild(_ arguments: [String]) -> Never {
    let input = arguments[0] == "-" ? nil : arguments[0]
    let environment = ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" }
    var result = (status: Int32(-1), usage: rusage())
    let elapsed = seconds { result = spawnAndWait(arguments[1], Array(arguments.dropFirst(2)), environment: environment, output: nil, input: input) }
    print(String(format: "%.6f %d %d", elapsed, result.usage.ru_maxrss, result.status))
    exit(0)
}

/// posix_spawn + wait4, because Foundation's Process.waitUntilExit polls in 50 ms steps,
/// which would swamp the figures. `output` nil sends standard output to /dev/null.
private func spawnAndWait(_ path: String, _ arguments: [String], environment: [String], output: Int32?, input: String?) -> (status: Int32, usage: rusage) {
    let argv = ([path] + arguments).map { strdup($0) } + [nil]
    let envp = environment.map { strdup($0) } + [nil]
    defer { (argv + envp).forEach { free($0) } }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    if let output { posix_spawn_file_actions_adddup2(&actions, output, 1) } else { posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0) }
    if let input { posix_spawn_file_actions_addopen(&actions, 0, input, O_RDONLY, 0) }
    var pid: pid_t = 0
    var status: Int32 = 0
    var usage = rusage()
    guard posix_spawn(&pid, path, &actions, nil, argv, envp) == 0 else { return (-1, usage) }
    wait4(pid, &status, 0, &usage)
    return (status, usage)
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

/// `vp-bench [register|sync|import|load|live|cluster|all] [--cases N] [--keep] [FOLDER]`.
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
            case "register", "sync", "import", "load", "live", "cluster", "all": mode = word
            default: folder = URL(fileURLWithPath: word)
            }
        }
    }
}

let options = BenchOptions(arguments: Array(CommandLine.arguments.dropFirst()))
let caseCount = options.cases
