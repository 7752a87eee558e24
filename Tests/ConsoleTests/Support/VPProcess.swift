import Foundation

/// Runs the real `vp` executable, built next to the test bundle.
enum VPProcess {
    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["VP_BINARY"] { return URL(fileURLWithPath: path) }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("vp")
    }

    struct Result {
        let status: Int32
        let output: String
        let errors: String
    }

    static func start(_ arguments: [String], environment: [String: String], input: String? = nil) throws -> (Process, Pipe, Pipe) {
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw TestFailure(message: "vp is not built at \(binary.path); run 'swift build' before 'swift test'")
        }
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        let standardInput = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = standardInput
        try process.run()
        if let input { standardInput.fileHandleForWriting.write(Data(input.utf8)) }
        try standardInput.fileHandleForWriting.close()
        return (process, output, errors)
    }

    static func run(_ arguments: [String], environment: [String: String], input: String? = nil) throws -> Result {
        let (process, output, errors) = try start(arguments, environment: environment, input: input)
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: out, as: UTF8.self),
                      errors: String(decoding: err, as: UTF8.self))
    }
}
