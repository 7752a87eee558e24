/// A text field that never loses a concurrent write: every version not superseded by a
/// later write stays; more than one such version is a conflict for a person to resolve.
public struct MultiValueText: Hashable, Sendable {
    /// Versions no write has superseded yet.
    public private(set) var heads: [OperationID: String] = [:]
    /// Every version some write superseded.
    public private(set) var superseded: Set<OperationID> = []

    public init() {}

    init(heads: [OperationID: String], superseded: Set<OperationID>) {
        self.heads = heads
        self.superseded = superseded
    }

    /// The current versions, oldest first.
    public var versions: [(id: OperationID, text: String)] {
        heads.sorted { $0.key < $1.key }.map { (id: $0.key, text: $0.value) }
    }

    public var isConflicted: Bool { heads.count > 1 }

    /// The newest version; with a conflict, the others are still in `versions`.
    public var latest: String? { heads.max { $0.key < $1.key }?.value }

    mutating func write(_ text: String, id: OperationID, supersedes: [OperationID]) {
        superseded.formUnion(supersedes)
        for old in supersedes { heads[old] = nil }
        if !superseded.contains(id) { heads[id] = text }
    }

    mutating func merge(_ other: MultiValueText) {
        superseded.formUnion(other.superseded)
        heads.merge(other.heads) { mine, _ in mine }
        for id in heads.keys where superseded.contains(id) { heads[id] = nil }
    }
}
