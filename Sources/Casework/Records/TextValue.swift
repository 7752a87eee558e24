import Replica

/// A text field as the counsellor sees it: one value, or several versions in conflict.
public struct TextValue: Hashable, Sendable {
    /// Current versions, oldest first; more than one means a conflict.
    public let versions: [String]

    init(_ text: MultiValueText?) {
        versions = text?.versions.map(\.text) ?? []
    }

    public var isConflicted: Bool { versions.count > 1 }

    /// The newest version (the others are kept until the conflict is resolved).
    public var value: String? { versions.last }
}

extension ChangeSession {
    /// The largest text a field takes (UTF-8 bytes): pages of notes fit; a text that would
    /// not fit in one envelope at the relay (and so block every later sync) does not.
    public static let maximumTextBytes = 1 << 20

    /// Writes a text field, refusing one larger than `maximumTextBytes`.
    mutating func writeText(_ text: String, to field: String, of record: RecordID) throws(CaseworkError) {
        guard text.utf8.count <= Self.maximumTextBytes else {
            throw .textTooLong(field: field, bytes: text.utf8.count, limit: Self.maximumTextBytes)
        }
        write(text, to: field, of: record)
    }
}
