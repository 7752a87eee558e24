import Foundation

// vp-bench [register|sync|import|load|live|cluster|all] [--cases N] [--keep] [FOLDER]: release-mode benchmarks
// printing figures. Nothing here asserts; Tools/bench.sh runs them.

if CommandLine.arguments.dropFirst().first == "--measure" { measureChild(Array(CommandLine.arguments.dropFirst(2))) }
let mode = options.mode
let folder = options.folder
do {
    if mode == "register" || mode == "all" { try registerBenchmark(home: folder.appendingPathComponent("register")) }
    if mode == "sync" || mode == "all" { try await syncBenchmark(folder: folder.appendingPathComponent("sync")) }
    if mode == "import" || mode == "all" { try importBenchmark(home: folder.appendingPathComponent("import")) }
    if mode == "load" || mode == "all" {
        try await loadBenchmark(folder: folder.appendingPathComponent("load"), plan: LoadPlan(
            clients: 50, caseloads: 5, seconds: 30, instances: 1, killAt: nil, database: nil, name: "load"))
    }
    if mode == "live" || mode == "all" { try await liveBenchmark(folder: folder.appendingPathComponent("live")) }
    if mode == "cluster" || mode == "all" {
        guard let database = ProcessInfo.processInfo.environment["VP_BENCH_POSTGRES"] else {
            throw BenchFailure("cluster needs VP_BENCH_POSTGRES (a database URL); Tools/bench.sh starts a cluster for it")
        }
        try await loadBenchmark(folder: folder.appendingPathComponent("cluster"), plan: LoadPlan(
            clients: 200, caseloads: 20, seconds: 60, instances: 2, killAt: 30, database: database, name: "cluster (2 instances, PostgreSQL)"))
        try await loadBenchmark(folder: folder.appendingPathComponent("single"), plan: LoadPlan(
            clients: 200, caseloads: 20, seconds: 60, instances: 1, killAt: 30, database: nil, name: "cluster (1 instance, SQLite)"))
    }
    if options.keep {
        print("vp-bench: kept \(folder.path) (the register vault stays unlocked for 10 minutes)")
    } else {
        try? FileManager.default.removeItem(at: folder)
    }
} catch {
    FileHandle.standardError.write(Data("vp-bench: \(error)\n".utf8))
    exit(1)
}
