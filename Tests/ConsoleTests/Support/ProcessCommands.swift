import Foundation
import Testing

/// Runs `vp` as its own process on a home, for the tests that play several devices.
protocol ProcessCommands {}

extension ProcessCommands {
    func vp(_ home: TestHome, _ arguments: [String]) throws -> VPProcess.Result {
        try VPProcess.run(arguments, environment: home.environment)
    }

    /// Runs a command that must succeed; its output.
    @discardableResult
    func ok(_ home: TestHome, _ arguments: String...) throws -> String {
        let result = try vp(home, arguments)
        #expect(result.status == 0, "\(arguments): \(result.errors)")
        return result.output
    }
}
