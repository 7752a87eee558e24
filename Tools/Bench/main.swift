import Foundation

// vp-bench [register|sync|load|all] [FOLDER]: release-mode benchmarks printing figures.
// Nothing here asserts; Tools/bench.sh runs them all.

let mode = CommandLine.arguments.dropFirst().first ?? "all"
let folder = URL(fileURLWithPath: CommandLine.arguments.dropFirst(2).first ?? NSTemporaryDirectory() + "vp-bench-\(getpid())")
do {
    if mode == "register" || mode == "all" { try registerBenchmark(home: folder.appendingPathComponent("register")) }
    if mode == "sync" || mode == "all" { try await syncBenchmark(folder: folder.appendingPathComponent("sync")) }
    if mode == "load" || mode == "all" { try await loadBenchmark(folder: folder.appendingPathComponent("load")) }
    try? FileManager.default.removeItem(at: folder)
} catch {
    FileHandle.standardError.write(Data("vp-bench: \(error)\n".utf8))
    exit(1)
}
