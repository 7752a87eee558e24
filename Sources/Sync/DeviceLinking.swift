import Cryptography
import Foundation
import Signatures
import Vault
import WireFormat

/// Linking a new device to a counsellor's identity through the relay (Protocol/sync.md):
/// the new device sends its public key under the code's key; the existing device adds it
/// to the membership log and answers with the identity and caseload keys, sealed to the new
/// device and under the code's key. The relay sees only ciphertext.
public enum DeviceLinking {
    static let requestContext = Array("vertrouwd:link-request:v1".utf8)
    static let responseContext = Array("vertrouwd:link-response:v1".utf8)
    public static let lifetime: TimeInterval = 600

    /// What the existing device hands over.
    struct Grant: Codable {
        let counsellor: String
        let caseload: String
        let relay: String
        let keys: [String: String]
    }

    /// On the existing device: opens a mailbox for `code`, calls `ready` (show the code
    /// now, not earlier: the mailbox exists), waits for the new device and admits it.
    /// Returns the new device's id.
    public static func offer(
        code: LinkCode, vault: Vault, relay: RelayClient, now: @escaping @Sendable () -> UInt64, ready: () -> Void
    ) throws -> String {
        let caseload = try Caseload.home(of: vault)
        let identity = try vault.identity()
        let membershipSync = MembershipSync(vault: vault, caseload: caseload, relay: relay, keys: identity.signing)
        var membership = try membershipSync.run()
        _ = try relay.send("POST", "/v1/links/\(code.mailbox)")
        ready()
        let request = try poll(relay, "/v1/links/\(code.mailbox)/request", signed: true)
        guard let keyBytes = try? SecretBox.open(request, key: code.key, associatedData: requestContext),
              let newDevice = SigningPublicKey(bytes: keyBytes)
        else { throw SyncError.linkRejected("the new device's message did not open with this code") }
        try membershipSync.append(.add(device: newDevice, role: .admin, counsellor: caseload.counsellor), after: &membership, milliseconds: now())
        let keys = try vault.syncTransaction { try $0.epochKeys(caseload.id.bytes) }
        let grant = Grant(
            counsellor: Hex.encode(caseload.counsellor), caseload: caseload.id.description, relay: relay.baseURL.absoluteString,
            keys: Dictionary(uniqueKeysWithValues: keys.map { (String($0.key), Hex.encode($0.value.exportBytes())) }))
        var plaintext = Array(try JSONEncoder().encode(grant))
        defer { secureZero(&plaintext) }
        let sealed = try SecretBox.seal(SealedBox.seal(plaintext, to: newDevice), key: code.key, associatedData: responseContext)
        _ = try relay.send("PUT", "/v1/links/\(code.mailbox)/response",
                           body: relay.json(RelayAPI.LinkMessage(data: Data(sealed).base64EncodedString())))
        return Hex.encode(DeviceIdentity.deviceID(of: newDevice))
    }

    /// On the new device, whose vault was just created: asks to join and stores what the
    /// existing device grants. The caller syncs afterwards.
    public static func join(code: LinkCode, vault: Vault, relayURL: URL, now: @escaping @Sendable () -> UInt64) throws {
        let identity = try vault.identity()
        let anonymous = RelayClient(baseURL: relayURL, keys: nil, now: now)
        let request = try SecretBox.seal(identity.signing.publicKey.bytes, key: code.key, associatedData: requestContext)
        do {
            _ = try anonymous.send("PUT", "/v1/links/\(code.mailbox)/request", body: anonymous.json(
                RelayAPI.LinkMessage(data: Data(request).base64EncodedString())), signed: false)
        } catch SyncError.refused(let status, _) where status == 404 || status == 409 {
            throw SyncError.linkRejected("the code is unknown, expired or already used")
        }
        let response = try poll(anonymous, "/v1/links/\(code.mailbox)/response", signed: false)
        guard let sealed = try? SecretBox.open(response, key: code.key, associatedData: responseContext),
              var plaintext = try? SealedBox.open(sealed, with: identity.signing),
              let grant = try? JSONDecoder().decode(Grant.self, from: Data(plaintext)),
              let counsellor = Hex.decode(grant.counsellor), let caseload = CaseloadID(hex: grant.caseload)
        else { throw SyncError.linkRejected("the answer did not open with this code") }
        secureZero(&plaintext)
        try vault.setSealedSetting(Caseload.counsellorSetting, counsellor)
        try vault.setSealedSetting(Caseload.caseloadSetting, caseload.bytes)
        try vault.setSealedSetting(Caseload.relaySetting, Array(relayURL.absoluteString.utf8))
        try vault.syncTransaction { ledger in
            for (epoch, hex) in grant.keys {
                guard let epoch = UInt32(epoch), let bytes = Hex.decode(hex), let key = try? SymmetricKey(bytes: bytes) else {
                    throw SyncError.linkRejected("a caseload key was malformed")
                }
                try ledger.storeEpochKey(caseload.bytes, epoch: epoch, key: key)
            }
        }
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
