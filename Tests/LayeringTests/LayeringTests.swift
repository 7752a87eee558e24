import Foundation
import Testing

/// The layering the build must keep, read from the resolved package graph
/// (`swift package describe --type json`) and from every `import` in the sources.
@Suite struct LayeringTests {
    /// Modules of the toolchain, which no manifest declares.
    static let toolchain: Set<String> = [
        "Foundation", "FoundationNetworking", "FoundationEssentials", "FoundationXML", "Glibc", "Musl", "Darwin", "Dispatch",
        "Synchronization", "Testing", "XCTest", "_Concurrency",
    ]

    @Test func everyImportIsADeclaredDependency() throws {
        let graph = try PackageGraph.described()
        var undeclared: [String] = []
        for target in graph.targets.values where target.type != "system-target" {
            let declared = Set(target.dependencies).union(target.products).union(Self.toolchain)
            for (file, module) in try graph.imports(of: target) where module != target.name && !declared.contains(module) {
                undeclared.append("\(file) imports \(module), which \(target.name) does not declare")
            }
        }
        #expect(undeclared.isEmpty, "\(undeclared.sorted().joined(separator: "\n"))")
    }

    @Test func theRelayReachesNothingThatDecrypts() throws {
        let reachable = try PackageGraph.described().closure(of: "Relay")
        for forbidden in ["Cryptography", "Vault", "Sync", "Casework", "Console", "CKeyring"] {
            #expect(!reachable.contains(forbidden), "Relay reaches \(forbidden)")
        }
        #expect(reachable.contains("WireFormat") && reachable.contains("Signatures"))
    }

    @Test func theConsoleDoesNotUseTheCryptographyDirectly() throws {
        let console = try #require(try PackageGraph.described().targets["Console"])
        #expect(!console.dependencies.contains("Cryptography"), "Console depends on Cryptography; the application layer owns it")
    }

    @Test func syncNamesNoFieldOfTheSchema() throws {
        let graph = try PackageGraph.described()
        let sync = try #require(graph.targets["Sync"])
        let folder = graph.root.appendingPathComponent(sync.path)
        for source in sync.sources ?? [] {
            let text = try String(contentsOf: folder.appendingPathComponent(source), encoding: .utf8)
            for field in ["\"private_note\"", "\"caseload\"", "\"ref\"", "\"kind\""] {
                #expect(!text.contains(field), "Sync/\(source) names the field \(field); routing comes from CaseSchema")
            }
        }
    }

    @Test func theDataCoreReachesOnlyTheIdentifiers() throws {
        let graph = try PackageGraph.described()
        #expect(try graph.closure(of: "Identifiers").isEmpty)
        #expect(try graph.closure(of: "Replica") == ["Identifiers"])
        let casework = try graph.closure(of: "Casework")
        #expect(casework == ["Replica", "Identifiers"], "Casework reaches \(casework.sorted())")
        for layer in ["Signatures", "WireFormat"] {
            #expect(!(try graph.closure(of: layer)).contains("Cryptography"), "\(layer) reaches Cryptography")
        }
    }
}

/// The package's targets as SwiftPM resolved them.
struct PackageGraph {
    struct Target: Decodable {
        let name: String
        let type: String
        let path: String
        let sources: [String]?
        let targetDependencies: [String]?
        let productDependencies: [String]?

        var dependencies: [String] { targetDependencies ?? [] }
        var products: [String] { productDependencies ?? [] }
    }

    let root: URL
    let targets: [String: Target]

    static func described() throws -> PackageGraph {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // --ignore-lock: `swift test` holds the build folder's lock while this runs; describe only reads.
        process.arguments = ["swift", "package", "--package-path", root.path, "--ignore-lock", "describe", "--type", "json"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw DescribeFailed(status: process.terminationStatus) }
        struct Description: Decodable { let targets: [Target] }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let targets = try decoder.decode(Description.self, from: data).targets
        return PackageGraph(root: root, targets: Dictionary(uniqueKeysWithValues: targets.map { ($0.name, $0) }))
    }

    /// Every target and product `name` depends on, directly or not.
    func closure(of name: String) throws -> Set<String> {
        var seen: Set<String> = []
        var waiting = [name]
        while let next = waiting.popLast() {
            guard let target = targets[next] else { throw UnknownTarget(name: next) }
            for dependency in target.dependencies where seen.insert(dependency).inserted { waiting.append(dependency) }
            seen.formUnion(target.products)
        }
        return seen
    }

    /// The modules each source file of `target` imports.
    func imports(of target: Target) throws -> [(file: String, module: String)] {
        let folder = root.appendingPathComponent(target.path)
        return try (target.sources ?? []).filter { $0.hasSuffix(".swift") }.flatMap { source in
            let text = try String(contentsOf: folder.appendingPathComponent(source), encoding: .utf8)
            return text.split(separator: "\n").compactMap { line -> (String, String)? in
                let words = line.split(separator: " ").filter { !$0.hasPrefix("@") }
                guard words.first == "import", words.count >= 2 else { return nil }
                // `import struct Module.Type` names the kind first.
                let path = words.count >= 3 ? words[2] : words[1]
                return ("\(target.path)/\(source)", String(path.split(separator: ".")[0]))
            }
        }
    }
}

struct DescribeFailed: Error { let status: Int32 }
struct UnknownTarget: Error { let name: String }
