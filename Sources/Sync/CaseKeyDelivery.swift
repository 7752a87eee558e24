import Cryptography
import Identifiers
import Signatures
import WireFormat

/// Case keys handed from one device to another inside a control envelope: a bundle naming
/// its author, its recipient and the key it is sealed to, sealed to one of the recipient's
/// published X25519 keys (Protocol/sync.md, "Control envelopes").
public enum CaseKeyDelivery {
    /// A drop of `keys` for `recipient`, sealed to its published key `publicKey` (of `kind`, number `number`).
    public static func drop(_ keys: [(caseload: CaseloadID, caseKey: CaseKey)], from author: SigningPublicKey, to recipient: SigningPublicKey,
                            kind: ControlMessage.Drop.Kind, number: UInt32, publicKey: [UInt8]) throws -> ControlMessage.Drop {
        var bundle = CaseKeyBundle(author: author, recipient: recipient, kind: kind, number: number,
                                   keys: keys.map { ($0.caseload, $0.caseKey.key.exportBytes()) }).bytes
        defer { secureZero(&bundle) }
        return ControlMessage.Drop(recipient: recipient, kind: kind, number: number, sealed: try BoxKeyPair.seal(bundle, to: publicKey))
    }

    /// The case keys of a drop in `author`'s control envelope, opened with the private half
    /// of the key the drop names; nil when it does not open or its bundle was made for
    /// another drop (a relay or member passing one drop off as another).
    public static func open(_ drop: ControlMessage.Drop, from author: SigningPublicKey, with key: BoxKeyPair) -> [(caseload: CaseloadID, caseKey: CaseKey)]? {
        guard var plaintext = try? key.open(drop.sealed) else { return nil }
        defer { secureZero(&plaintext) }
        guard let bundle = try? CaseKeyBundle(bytes: plaintext), bundle.belongs(to: drop, from: author) else { return nil }
        var keys: [(caseload: CaseloadID, caseKey: CaseKey)] = []
        for pair in bundle.keys {
            guard let caseKey = try? CaseKey(bytes: pair.caseKey) else { return nil }
            keys.append((pair.caseload, caseKey))
        }
        return keys
    }
}
