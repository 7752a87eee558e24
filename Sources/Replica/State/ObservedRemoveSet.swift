/// Add-wins observed-remove set. An element is present while it has an add tag that no
/// remove observed; tombstoned tags are kept so a late-arriving add stays removed.
public struct ObservedRemoveSet: Hashable, Sendable {
    /// Live add tags per element (never empty).
    public private(set) var tags: [String: Set<OperationID>] = [:]
    /// Every add tag that some remove observed.
    public private(set) var removed: Set<OperationID> = []

    public init() {}

    init(tags: [String: Set<OperationID>], removed: Set<OperationID>) {
        self.tags = tags
        self.removed = removed
    }

    public var elements: [String] { tags.keys.sorted() }

    public func contains(_ element: String) -> Bool { tags[element] != nil }

    mutating func insert(_ element: String, tag: OperationID) {
        guard !removed.contains(tag) else { return }
        tags[element, default: []].insert(tag)
    }

    mutating func delete(_ element: String, observed: [OperationID]) {
        removed.formUnion(observed)
        guard var live = tags[element] else { return }
        live.subtract(observed)
        tags[element] = live.isEmpty ? nil : live
    }

    mutating func merge(_ other: ObservedRemoveSet) {
        removed.formUnion(other.removed)
        for (element, otherTags) in other.tags {
            tags[element, default: []].formUnion(otherTags)
        }
        for (element, live) in tags {
            let kept = live.subtracting(removed)
            tags[element] = kept.isEmpty ? nil : kept
        }
    }
}
