import Cryptography
import Identifiers

/// Encrypts what the vault stores under its key, each kind of blob bound to its context
/// so a sealed value cannot be moved to another place and still open.
struct Sealing: Sendable {
    enum Context {
        case keyCheck
        /// A log batch at its place: its id and whether it came from another device; padded.
        case batch(id: Int64, remote: Bool)
        /// A batch as vaults sealed it before blobs were padded (read once, to upgrade).
        case unpaddedBatch(id: Int64, remote: Bool)
        /// A batch as vaults sealed it before the log was chained (read once, to upgrade).
        case legacyBatch
        /// A record's state with its key and version (the log id of its last change); padded.
        case record([UInt8], version: Int64)
        /// A record as vaults sealed it before blobs were padded (read once, to upgrade).
        case unpaddedRecord([UInt8], version: Int64)
        /// A record as vaults sealed it before versions (read once, to upgrade).
        case legacyRecord([UInt8])
        /// A sealed setting, by name; padded.
        case setting(String)
        /// A setting as vaults sealed it before it was padded (read once, to upgrade).
        case unpaddedSetting(String)
        /// A sync counter (`table.column`) of the row with `key` (its caseload, and author).
        case syncCounter(String, key: [UInt8])
        /// A caseload's membership entry at its place in the log; padded.
        case membership([UInt8], sequence: Int64)
        case caseloadKey([UInt8], UInt32)
        /// A caseload's name; padded (its length would tell the name's).
        case caseloadName([UInt8])
        case unpaddedCaseloadName([UInt8])
        case counter([UInt8])
        /// Batches of other devices' operations waiting in a caseload; padded.
        case held([UInt8])
        case unpaddedHeld([UInt8])
        /// Batches of own operations waiting in a caseload; padded.
        case deferred([UInt8])
        case unpaddedDeferred([UInt8])
        /// A private half of this device's published X25519 keys, in a caseload.
        case boxKey([UInt8])
        /// A key another device published for this one, in a caseload.
        case peerKey([UInt8])
        /// A case key with its caseloads and holders, by case id; padded (the number of holders).
        case caseKey([UInt8])
        /// The tag key of a `destroy` entry not appended yet, by caseload ‖ case id.
        case destroyEntry([UInt8])

        var bytes: [UInt8] {
            switch self {
            case .keyCheck: Array("vertrouwd:key-check:v1".utf8)
            case .batch(let id, let remote): Array("vertrouwd:batch:v3".utf8) + BigEndian.bytes(of: UInt64(bitPattern: id)) + [remote ? 1 : 0]
            case .unpaddedBatch(let id, let remote): Array("vertrouwd:batch:v2".utf8) + BigEndian.bytes(of: UInt64(bitPattern: id)) + [remote ? 1 : 0]
            case .legacyBatch: Array("vertrouwd:batch:v1".utf8)
            case .record(let key, let version): Array("vertrouwd:record:v3".utf8) + key + BigEndian.bytes(of: UInt64(bitPattern: version))
            case .unpaddedRecord(let key, let version): Array("vertrouwd:record:v2".utf8) + key + BigEndian.bytes(of: UInt64(bitPattern: version))
            case .legacyRecord(let key): Array("vertrouwd:record:v1".utf8) + key
            case .setting(let name): Array("vertrouwd:setting:v2:\(name)".utf8)
            case .unpaddedSetting(let name): Array("vertrouwd:setting:v1:\(name)".utf8)
            case .syncCounter(let column, let key): Array("vertrouwd:sync-counter:v1:\(column):".utf8) + key
            case .membership(let caseload, let sequence): Array("vertrouwd:membership:v1".utf8) + caseload + BigEndian.bytes(of: UInt64(bitPattern: sequence))
            case .caseloadKey(let caseload, let epoch): Array("vertrouwd:caseload-key:v1:\(epoch):".utf8) + caseload
            case .caseloadName(let caseload): Array("vertrouwd:caseload-name:v2:".utf8) + caseload
            case .unpaddedCaseloadName(let caseload): Array("vertrouwd:caseload-name:v1:".utf8) + caseload
            case .counter(let token): Array("vertrouwd:counter:v1:".utf8) + token
            case .held(let caseload): Array("vertrouwd:held:v2:".utf8) + caseload
            case .unpaddedHeld(let caseload): Array("vertrouwd:held:v1:".utf8) + caseload
            case .deferred(let caseload): Array("vertrouwd:deferred:v2:".utf8) + caseload
            case .unpaddedDeferred(let caseload): Array("vertrouwd:deferred:v1:".utf8) + caseload
            case .boxKey(let caseload): Array("vertrouwd:box-key:v1:".utf8) + caseload
            case .peerKey(let caseload): Array("vertrouwd:peer-key:v1:".utf8) + caseload
            case .caseKey(let caseID): Array("vertrouwd:case-key:v1:".utf8) + caseID
            case .destroyEntry(let key): Array("vertrouwd:destroy-entry:v1:".utf8) + key
            }
        }

        /// Every blob whose length could tell something is padded (`BlobPadding`): records and
        /// batches (their lengths would follow what counsellors wrote), membership entries
        /// (the action, the number of devices), settings and caseload names (a name's or an
        /// address's length), waiting operations. Fixed-size ones (keys, counters) are not.
        var isPadded: Bool {
            switch self {
            case .batch, .record, .membership, .setting, .caseloadName, .held, .deferred, .caseKey: true
            default: false
            }
        }
    }

    let key: SymmetricKey

    func seal(_ plaintext: [UInt8], context: Context) throws -> [UInt8] {
        try SecretBox.seal(context.isPadded ? BlobPadding.pad(plaintext) : plaintext, key: key, associatedData: context.bytes)
    }

    func open(_ sealed: [UInt8], context: Context) throws -> [UInt8] {
        let opened = try SecretBox.open(sealed, key: key, associatedData: context.bytes)
        guard context.isPadded else { return opened }
        guard let plaintext = BlobPadding.unpad(opened) else { throw CryptoError.malformedCiphertext }
        return plaintext
    }
}
