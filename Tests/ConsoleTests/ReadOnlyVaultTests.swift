import Foundation
import Testing
@testable import Console

/// Issue 12, item 11: a vault on a read-only mount could not even be read (74, "check free
/// disk space"). Mounted read-only for real (a bind mount; the tests run as root).
@Suite(.serialized) struct ReadOnlyVaultTests {
    @Test func aVaultOnAReadOnlyMountIsShownAndNotChanged() async throws {
        let home = TestHome()
        #expect(await home.run("org", "add", "Acme").status == 0)
        #expect(await home.run("case", "open", "--org", "Acme", "--summary", "Eerste melding").status == 0)
        let mount = try ReadOnlyMount(of: home.folder)
        defer { mount.remove() }
        var reader = home.environment
        reader["VP_HOME"] = mount.point.path
        let before = try Data(contentsOf: home.folder.appendingPathComponent("vault.sqlite"))

        for words in [["case", "list"], ["case", "show", "2026-001"], ["org", "list"], ["search", "melding"],
                      ["report", "--org", "Acme", "--year", "2026"], ["case", "history", "2026-001"]] {
            let result = try VPProcess.run(words, environment: reader)
            #expect(result.status == 0, "\(words): \(result.status) \(result.errors)")
        }
        #expect(try VPProcess.run(["case", "show", "2026-001"], environment: reader).output.contains("Eerste melding"))

        for words in [["case", "open", "--org", "Acme"], ["unlock"]] {
            let result = try VPProcess.run(words, environment: reader)
            #expect(result.status == ExitStatus.storage.rawValue, "\(words): \(result.status)")
            #expect(result.errors.contains("read-only disk or folder") && result.errors.split(separator: "\n").count == 1, "\(words): \(result.errors)")
        }
        // A second audit: a copy is what one wants most of a vault on a write-protected disk;
        // it was refused (74). It is written, says it cannot be noted, and restores whole.
        let backup = home.folder.deletingLastPathComponent().appendingPathComponent("ro-\(UUID().uuidString).vpbackup")
        defer { try? FileManager.default.removeItem(at: backup) }
        let copied = try VPProcess.run(["backup", backup.path], environment: reader)
        #expect(copied.status == 0 && copied.errors.contains("niet worden beschreven"), "\(copied.status) \(copied.errors)")
        let restored = TestHome(createVault: false)
        let restore = try VPProcess.run(["restore", backup.path], environment: restored.environment)
        #expect(restore.status == 0, "\(restore.errors)")
        #expect(await restored.run("case", "show", "2026-001").output.contains("Eerste melding"))
        #expect(try Data(contentsOf: home.folder.appendingPathComponent("vault.sqlite")) == before)
    }

    /// An immutable reader would not see frames waiting in the WAL, so it refuses instead.
    @Test func waitingChangesAreNotHiddenOnAReadOnlyMount() async throws {
        let home = TestHome()
        #expect(await home.run("org", "add", "Acme").status == 0)
        let wal = home.folder.appendingPathComponent("vault.sqlite-wal")
        try Data(repeating: 1, count: 64).write(to: wal)
        let mount = try ReadOnlyMount(of: home.folder)
        defer { mount.remove() }
        var reader = home.environment
        reader["VP_HOME"] = mount.point.path
        let result = try VPProcess.run(["org", "list"], environment: reader)
        #expect(result.status == ExitStatus.storage.rawValue && result.errors.contains("vault.sqlite-wal"), "\(result.errors)")
    }
}

/// A read-only bind mount of a folder, as a write-protected disk would be.
struct ReadOnlyMount {
    let point: URL

    init(of folder: URL) throws {
        point = FileManager.default.temporaryDirectory.appendingPathComponent("vp-ro-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: point, withIntermediateDirectories: true)
        try Self.mount(["--bind", folder.path, point.path])
        try Self.mount(["-o", "remount,bind,ro", point.path])
    }

    func remove() {
        _ = try? Self.run("/bin/umount", [point.path])
        try? FileManager.default.removeItem(at: point)
    }

    private static func mount(_ arguments: [String]) throws {
        let status = try run("/bin/mount", arguments)
        try #require(status == 0, "mount \(arguments) failed (\(status)); these tests need root, as CI has")
    }

    private static func run(_ tool: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
