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
