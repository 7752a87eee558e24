import ArgumentParser
import Foundation
import Relay

/// Where the relay keeps its data: shared by `serve` and `token create`.
struct StorageOptions: ParsableArguments {
    @Option(help: "Folder for relay.sqlite (when no --database is given).") var data = "./relay-data"
    @Option(help: "A PostgreSQL database instead of SQLite, for several relay instances: postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=disable|prefer|require].")
    var database: String?

    func validate() throws { _ = try address() }

    func address() throws -> PostgresAddress? {
        do {
            return try database.map(PostgresAddress.init)
        } catch {
            throw ValidationError("--database: \(error.description).")
        }
    }
}
