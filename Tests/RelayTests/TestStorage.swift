import Foundation
import Logging
import PostgresNIO
import Testing
@testable import Relay

/// The relay's two storages, each on a fresh store for one test. PostgreSQL is the cluster
/// `Tools/test.sh` starts (`VP_TEST_POSTGRES`); every test gets a database of its own.
enum TestStorage: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    var testDescription: String { rawValue }

    struct NoCluster: Error, CustomStringConvertible {
        let description = "VP_TEST_POSTGRES is not set: run bash Tools/test.sh, which starts a PostgreSQL cluster for the tests."
    }

    /// Runs `body` with `count` repositories on one new store, as `count` relay instances
    /// (separate connections, nothing shared in memory) would have; with `news`, each
    /// PostgreSQL repository announces other instances' pushes to its entry there.
    func withRepositories(_ count: Int = 1, news: [CaseloadNews]? = nil, _ body: ([any RelayRepository]) async throws -> Void) async throws {
        switch self {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("relay-contract-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            try await body((0..<count).map { _ in try SQLiteRelayRepository(directory: folder) })
        case .postgres:
            let address = try await Self.newDatabase()
            let repositories = (0..<count).map { PostgresRelayRepository(address: address, news: news?[$0], logger: Self.logger) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for repository in repositories { group.addTask { try await repository.run() } }
                // Instances starting together: the migration must still run once.
                try await withThrowingTaskGroup(of: Void.self) { starting in
                    for repository in repositories { starting.addTask { try await repository.migrate() } }
                    try await starting.waitForAll()
                }
                try await body(repositories)
                group.cancelAll()
            }
        }
    }

    static let logger = Logger(label: "relay-contract-test")

    /// A new, empty database in the test cluster.
    static func newDatabase() async throws -> PostgresAddress {
        guard let base = ProcessInfo.processInfo.environment["VP_TEST_POSTGRES"], var url = URLComponents(string: base) else {
            throw NoCluster()
        }
        let name = "relay_test_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased())"
        let admin = PostgresClient(configuration: try PostgresAddress(base).clientConfiguration)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await admin.run() }
            try await admin.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"))
            group.cancelAll()
        }
        url.path = "/\(name)"
        return try PostgresAddress(url.string!)
    }
}
