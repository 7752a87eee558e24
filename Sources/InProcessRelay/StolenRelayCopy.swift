import Cryptography
import Replica
import Sync
import Vault
import WireFormat

/// Issue 11's attacker: a copy of the relay's data, taken before a case was destroyed, and
/// every key any device still holds afterwards. Tests ask whether anything of the case opens.
public struct StolenRelayCopy {
    public let envelopes: [Envelope]

    public init(_ envelopes: [Envelope]) { self.envelopes = envelopes }

    /// Every key `vaults` hold: epoch keys of every caseload, case keys, private halves of
    /// published box keys.
    public struct Keys {
        var epoch: [SymmetricKey] = []
        var cases: [CaseKey] = []
        var box: [BoxKeyPair] = []

        public init(of vaults: [Vault]) throws {
            for vault in vaults {
                for caseload in try Caseload.all(in: vault) {
                    try vault.syncRead { ledger in
                        epoch += try ledger.epochKeys(caseload.id).values
                        box += try ledger.ownBoxKeys(caseload.id).map(\.pair)
                    }
                }
                cases += try vault.syncRead { try $0.caseKeys() }.map { try CaseKey(bytes: $0.key.exportBytes()) }
            }
        }

        /// The epoch keys alone: what opens content that left under the epoch key.
        public var epochOnly: Keys {
            var keys = self
            (keys.cases, keys.box) = ([], [])
            return keys
        }
    }

    /// Whether `keys` open anything of case `caseID` here, trying every key on every envelope:
    /// its content under a case key (only its own opens it), an operation on it or holding
    /// one of `markers` under an epoch key, or its key in a drop.
    public func opens(case caseID: [UInt8], markers: [String], with keys: Keys) -> Bool {
        envelopes.contains { envelope in keys.epoch.contains { opens(caseID, markers, in: envelope, epochKey: $0, keys) } }
    }

    /// The case content envelopes (key scope 1) of case `caseID` here: those its key, among
    /// `keys`, opens.
    public func contentEnvelopes(of caseID: [UInt8], with keys: Keys) -> [Envelope] {
        let caseKeys = keys.cases.filter { $0.caseID == caseID }
        return envelopes.filter { envelope in
            envelope.keyScope == CaseEnvelopeBody.keyScope && keys.epoch.contains { epochKey in
                caseKeys.contains { if case .success = CaseEnvelopeSeal.open(envelope, caseKey: $0, epochKey: epochKey) { true } else { false } }
            }
        }
    }

    private func opens(_ caseID: [UInt8], _ markers: [String], in envelope: Envelope, epochKey: SymmetricKey, _ keys: Keys) -> Bool {
        switch envelope.keyScope {
        case 0:
            guard case .success(let operations) = EnvelopeSeal.open(envelope, key: epochKey) else { return false }
            return operations.contains { operation in
                operation.record.bytes == caseID || markers.contains { "\(operation.change)".contains($0) }
            }
        case CaseEnvelopeBody.keyScope:
            return keys.cases.contains { caseKey in
                guard case .success = CaseEnvelopeSeal.open(envelope, caseKey: caseKey, epochKey: epochKey) else { return false }
                return caseKey.caseID == caseID
            }
        case ControlEnvelopeSeal.keyScope:
            guard case .success(let message) = ControlEnvelopeSeal.open(envelope, key: epochKey) else { return false }
            return message.drops.contains { drop in
                keys.box.contains { CaseKeyDelivery.open(drop, from: envelope.author, with: $0)?.contains { $0.caseKey.caseID == caseID } == true }
            }
        default:
            return false
        }
    }
}
