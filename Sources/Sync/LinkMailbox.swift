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
    static let lifetime: TimeInterval = 600

    /// Host side: open the mailbox, call `ready` (the code may be shown now), wait for the
    /// request and answer it.
    static func host(code: LinkCode, relay: RelayClient, ready: () -> Void, answer: ([UInt8]) throws -> [UInt8]) throws {
        _ = try relay.send("POST", "/v1/links/\(code.mailbox)")
        ready()
        let request = try poll(relay, "/v1/links/\(code.mailbox)/request", signed: true)
        guard let plaintext = try? SecretBox.open(request, key: code.key, associatedData: requestContext) else {
            throw SyncError.linkRejected("the other device's message did not open with this code")
        }
        var response = try answer(plaintext)
        defer { secureZero(&response) }
        let sealed = try SecretBox.seal(response, key: code.key, associatedData: responseContext)
        _ = try relay.send("PUT", "/v1/links/\(code.mailbox)/response",
                           body: relay.json(RelayAPI.LinkMessage(data: Data(sealed).base64EncodedString())))
    }

    /// Guest side: leave `request`, wait for the response and return it.
    static func ask(code: LinkCode, relayURL: URL, request: [UInt8], now: @escaping @Sendable () -> UInt64) throws -> [UInt8] {
        let anonymous = RelayClient(baseURL: relayURL, keys: nil, now: now)
        let sealed = try SecretBox.seal(request, key: code.key, associatedData: requestContext)
        do {
            _ = try anonymous.send("PUT", "/v1/links/\(code.mailbox)/request", body: anonymous.json(
                RelayAPI.LinkMessage(data: Data(sealed).base64EncodedString())), signed: false)
        } catch SyncError.refused(let status, _) where status == 404 || status == 409 {
            throw SyncError.linkRejected("the code is unknown, expired or already used")
        }
        let response = try poll(anonymous, "/v1/links/\(code.mailbox)/response", signed: false)
        guard let plaintext = try? SecretBox.open(response, key: code.key, associatedData: responseContext) else {
            throw SyncError.linkRejected("the answer did not open with this code")
        }
        return plaintext
    }

    /// Polls a mailbox slot until it holds data, for at most the code's lifetime.
    private static func poll(_ relay: RelayClient, _ path: String, signed: Bool) throws -> [UInt8] {
        let deadline = Date().addingTimeInterval(lifetime)
        while Date() < deadline {
            let answer: RelayClient.Answer
            do {
                answer = try relay.send("GET", path, signed: signed)
            } catch SyncError.refused(404, _) {
                throw SyncError.linkTimedOut
            }
            if answer.status == 200 {
                let message = try relay.decode(RelayAPI.LinkMessage.self, answer)
                guard let data = Data(base64Encoded: message.data) else { throw SyncError.linkRejected("malformed message") }
                return [UInt8](data)
            }
            Thread.sleep(forTimeInterval: 0.2)
        }
        throw SyncError.linkTimedOut
    }
}

/// What a host hands to a guest: caseloads with their keys, sealed to the guest's device.
struct Grant: Codable {
    struct Entry: Codable {
        let caseload: String
        let name: String
        let keys: [String: String]
    }

    let counsellor: String?
    /// The counsellor's display name (device links only).
    var name: String? = nil
    let relay: String
    let home: String?
    let caseloads: [Entry]

    static func entry(for caseload: Caseload, vault: Vault) throws -> Entry {
        let keys = try vault.syncRead { try $0.epochKeys(caseload.id.bytes) }
        return Entry(caseload: caseload.id.description, name: caseload.name,
                     keys: Dictionary(uniqueKeysWithValues: keys.map { (String($0.key), Hex.encode($0.value.exportBytes())) }))
    }

    /// Stores the caseloads and their keys in the guest's vault.
    func store(in vault: Vault) throws {
        try vault.syncTransaction { ledger in
            for entry in caseloads {
                guard let id = CaseloadID(hex: entry.caseload) else { throw SyncError.linkRejected("a caseload id was malformed") }
                try ledger.registerCaseload(id.bytes, name: entry.name)
                for (epoch, hex) in entry.keys {
                    guard let epoch = UInt32(epoch), let bytes = Hex.decode(hex), let key = try? SymmetricKey(bytes: bytes) else {
                        throw SyncError.linkRejected("a caseload key was malformed")
                    }
                    try ledger.storeEpochKey(id.bytes, epoch: epoch, key: key)
                }
            }
        }
    }
}

import Signatures
