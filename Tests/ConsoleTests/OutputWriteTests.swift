import Foundation
import Testing
@testable import Console

/// A third audit: output that could not be written still exited 0 ("Jaarverslag geschreven
/// naar /dev/full"), and `-o` to a device replaced the device with a regular file (as root).
@Suite(.serialized) struct OutputWriteTests {
    func isCharacterDevice(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFCHR
    }

    @Test func aReportToAFullDeviceFailsAndLeavesTheDevice() async throws {
        let home = TestHome()
        #expect(await home.run("org", "add", "Acme").status == 0)
        #expect(isCharacterDevice("/dev/full"))
        let written = try VPProcess.run(["report", "--org", "Acme", "--year", "2026", "-o", "/dev/full"], environment: home.environment)
        #expect(written.status == ExitStatus.storage.rawValue && !written.errors.contains("geschreven"), "\(written.status) \(written.errors)")
        #expect(isCharacterDevice("/dev/full"), "/dev/full was replaced")
        let toNull = try VPProcess.run(["report", "--org", "Acme", "--year", "2026", "-o", "/dev/null"], environment: home.environment)
        #expect(toNull.status == 0 && isCharacterDevice("/dev/null"))
    }

    @Test func standardOutputThatCannotBeWrittenIsAFailure() async throws {
        let home = TestHome()
        #expect(await home.run("org", "add", "Acme").status == 0)
        let process = Process()
        process.executableURL = VPProcess.binary
        process.arguments = ["report", "--org", "Acme", "--year", "2026", "--format", "html"]
        process.environment = home.environment
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/full")
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == ExitStatus.storage.rawValue && message.contains("could not all be written"), "\(message)")
    }
}
