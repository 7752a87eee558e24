import Cryptography
import Foundation
import Vault
import WireFormat

/// The one-time exchange behind device links and caseload invitations: the host opens a
/// mailbox named after the code, the guest leaves one request and collects one response,
/// both sealed under the code's key. The relay sees neither the code nor the contents.
enum LinkMailbox {
    static let requestContext = Array("vertrouwd:link-request:v1".utf8)
    static let responseContext = Array("vertrouwd:link-response:v1".utf8)
    static let lifetime: Duration = .seconds(600)
    static let pollInterval: Duration = .milliseconds(200)

    /// Host side: open the mailbox, call `ready` (the code may be shown now), wait for the
    /// request and answer it.
    static func host(
        code: LinkCode, relay: any RelayTransport, ready: () -> Void, answer: ([UInt8]) async throws -> [UInt8]
    ) async throws {
        try await relay.openMailbox(code.mailbox)
        ready()
        let request = try await poll { try await relay.request(in: code.mailbox) }
        guard let plaintext = try? SecretBox.open(request, key: code.key, associatedData: requestContext) else {
            throw SyncError.linkRejected("the other device's message did not open with this code")
        }
        var response = try await answer(plaintext)
        defer { secureZero(&response) }
        try await relay.leaveResponse(try SecretBox.seal(response, key: code.key, associatedData: responseContext), in: code.mailbox)
    }

    /// Guest side, through a transport without identity: leave `request`, wait for the
    /// response and return it.
    static func ask(code: LinkCode, relay: any RelayTransport, request: [UInt8]) async throws -> [UInt8] {
        let sealed = try SecretBox.seal(request, key: code.key, associatedData: requestContext)
        do {
            try await relay.leaveRequest(sealed, in: code.mailbox)
        } catch SyncError.refused(let status, _) where status == 404 || status == 409 {
            throw SyncError.linkRejected("the code is unknown, expired or already used")
        }
        let response = try await poll { try await relay.takeResponse(from: code.mailbox) }
        guard let plaintext = try? SecretBox.open(response, key: code.key, associatedData: responseContext) else {
            throw SyncError.linkRejected("the answer did not open with this code")
        }
        return plaintext
    }

    /// Polls a mailbox slot until it holds data, for at most the code's lifetime.
    private static func poll(_ read: () async throws -> [UInt8]?) async throws -> [UInt8] {
        let clock = ContinuousClock()
        let deadline = clock.now + lifetime
        while clock.now < deadline {
            do {
                if let data = try await read() { return data }
            } catch SyncError.refused(404, _) {
                throw SyncError.linkTimedOut
            }
            try await Task.sleep(for: pollInterval)
        }
        throw SyncError.linkTimedOut
    }
}
