import Foundation
import Logging

/// `vp-relay token create`: makes a token and stores its hash in the relay's storage,
/// whichever it is, while the relay may be running.
public enum EnrolmentTokenIssuer {
    public static func issue(configuration: RelayConfiguration, validFor days: Int, logger: Logger,
                             now: UInt64 = UInt64(Date().timeIntervalSince1970 * 1000)) async throws -> String {
        let (text, hash) = EnrolmentToken.generate()
        let expires = now + UInt64(days) * 86_400_000
        if let address = configuration.database {
            let repository = PostgresRelayRepository(address: address, logger: logger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await repository.run() }
                try await repository.migrate()
                try await repository.addEnrolmentToken(hash: hash, expires: expires)
                group.cancelAll()
            }
        } else {
            try await SQLiteRelayRepository(directory: configuration.dataDirectory).addEnrolmentToken(hash: hash, expires: expires)
        }
        return text
    }
}
