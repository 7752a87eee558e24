import Foundation
import GRDB
import PostgresNIO
import Synchronization

/// Whether the storage was lately found full, for `/healthz` and for the status a write gets:
/// full is 507 (the operator must make room), any other storage failure 503 (try again).
public final class StorageHealth: Sendable {
    private let fullSince = Mutex<Date?>(nil)
    private let clock: @Sendable () -> Date

    public init(clock: @escaping @Sendable () -> Date = { Date() }) { self.clock = clock }

    /// The answer for a storage failure, noting it when the storage is full.
    func refusal(for error: any Error) -> RelayError {
        guard Self.isFull(error) else { return .storageUnavailable }
        fullSince.withLock { $0 = $0 ?? clock() }
        return .storageFull
    }

    /// A write went through: there is room again.
    func wrote() {
        fullSince.withLock { $0 = nil }
    }

    /// When the storage was first found full, if it still is as far as this instance knows.
    var full: Date? { fullSince.withLock { $0 } }

    /// SQLite's "database or disk is full", PostgreSQL's disk_full (53100).
    static func isFull(_ error: any Error) -> Bool {
        if let error = error as? DatabaseError { return error.resultCode == .SQLITE_FULL }
        if let error = error as? PSQLError { return error.serverInfo?[.sqlState] == "53100" }
        if let error = error as? PostgresTransactionError, let inner = error.closureError ?? error.commitError { return isFull(inner) }
        return false
    }
}
