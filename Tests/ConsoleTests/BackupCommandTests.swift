import Foundation
import Testing
import Vault
@testable import Console

/// `vp backup FILE` and `vp restore FILE` as a counsellor runs them: a restored folder opens
/// with the same register; a damaged file is one sentence and a documented code, nothing written.
@Suite struct BackupCommandTests {
    @Test func backupAndRestoreThroughTheCommands() throws {
        let laptop = TestHome()
        #expect(try VPProcess.run(["org", "add", "Acme"], environment: laptop.environment).status == 0)
        #expect(try VPProcess.run(["case", "open", "--org", "Acme", "--summary", "Bewaard"], environment: laptop.environment).status == 0)
        let file = laptop.folder.appendingPathComponent("kluis.vpbackup").path
        // A third audit: a folder as the target failed (74) after the vault had noted it.
        func files() -> [Data?] {
            ["", "-wal"].map { FileManager.default.contents(atPath: Vault.databasePath(in: laptop.folder) + $0) }
        }
        let before = files()
        for target in [laptop.folder.path, "", laptop.folder.appendingPathComponent("nergens/kluis.vpbackup").path] {
            let refused = try VPProcess.run(["backup", target], environment: laptop.environment)
            #expect(refused.status != 0 && refused.errors.split(separator: "\n").count == 1, "\(target): \(refused.errors)")
        }
        #expect(files() == before)
        let written = try VPProcess.run(["backup", file], environment: laptop.environment)
        #expect(written.status == 0 && written.output.contains("Back-up geschreven"), "\(written.errors)")

        let replacement = TestHome(createVault: false)
        let restored = try VPProcess.run(["restore", file], environment: replacement.environment)
        #expect(restored.status == 0 && restored.output.contains("vp sync"), "\(restored.errors)")
        #expect(try VPProcess.run(["case", "show", "2026-001"], environment: replacement.environment).output.contains("Bewaard"))
        let again = try VPProcess.run(["restore", file], environment: replacement.environment)
        #expect(again.status == ExitStatus.alreadyExists.rawValue)

        let cut = laptop.folder.appendingPathComponent("cut.vpbackup")
        try Data(try Data(contentsOf: URL(fileURLWithPath: file)).dropLast(40)).write(to: cut)
        let empty = TestHome(createVault: false)
        let refused = try VPProcess.run(["restore", cut.path], environment: empty.environment)
        #expect(refused.status == ExitStatus.damaged.rawValue, "\(refused.errors)")
        #expect(refused.errors.contains("damaged or incomplete") && refused.errors.split(separator: "\n").count == 1, "\(refused.errors)")
        #expect(!FileManager.default.fileExists(atPath: empty.folder.appendingPathComponent("vault.sqlite").path))
    }
}
