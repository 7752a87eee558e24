import Foundation

// vp-bench [register|sync|load|all] [--cases N] [--keep] [FOLDER]: release-mode benchmarks
// printing figures. Nothing here asserts; Tools/bench.sh runs them.

let mode = options.mode
let folder = options.folder
do {
    if mode == "register" || mode == "all" { try registerBenchmark(home: folder.appendingPathComponent("register")) }
    if mode == "sync" || mode == "all" { try await syncBenchmark(folder: folder.appendingPathComponent("sync")) }
    if mode == "load" || mode == "all" { try await loadBenchmark(folder: folder.appendingPathComponent("load")) }
    if options.keep {
        print("vp-bench: kept \(folder.path) (the register vault stays unlocked for 10 minutes)")
    } else {
        try? FileManager.default.removeItem(at: folder)
    }
} catch {
    FileHandle.standardError.write(Data("vp-bench: \(error)\n".utf8))
    exit(1)
}
