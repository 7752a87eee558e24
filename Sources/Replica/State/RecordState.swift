/// The materialised state of one record: a deterministic fold of its operations.
public struct RecordState: Hashable, Sendable {
    public internal(set) var registers: [String: Register] = [:]
    public internal(set) var sets: [String: ObservedRemoveSet] = [:]
    public internal(set) var texts: [String: MultiValueText] = [:]

    public init() {}

    /// Applies one operation. Order and repetition do not change the result.
    public mutating func apply(_ operation: FieldOperation) {
        let field = operation.field
        switch operation.change {
        case .assign(let value):
            if registers[field] == nil {
                registers[field] = Register(value: value, writer: operation.id)
            } else {
                registers[field]!.assign(value, by: operation.id)
            }
        case .insert(let element):
            sets[field, default: ObservedRemoveSet()].insert(element, tag: operation.id)
        case .delete(let element, let observed):
            sets[field, default: ObservedRemoveSet()].delete(element, observed: observed)
        case .write(let text, let supersedes):
            texts[field, default: MultiValueText()].write(text, id: operation.id, supersedes: supersedes)
        case .unknown:
            break
        }
    }

    /// State-based join: the same result as applying both operation sets.
    public mutating func merge(_ other: RecordState) {
        registers.merge(other.registers) { mine, theirs in
            var joined = mine
            joined.merge(theirs)
            return joined
        }
        for (field, set) in other.sets { sets[field, default: ObservedRemoveSet()].merge(set) }
        for (field, text) in other.texts { texts[field, default: MultiValueText()].merge(text) }
    }

    public func value(_ field: String) -> Value? { registers[field]?.value }

    public func string(_ field: String) -> String? { registers[field]?.value.string }

    public func elements(_ field: String) -> [String] { sets[field]?.elements ?? [] }

    public func text(_ field: String) -> MultiValueText? { texts[field] }

    /// Every field name, known to the schema or not.
    public var fieldNames: [String] {
        Set(registers.keys).union(sets.keys).union(texts.keys).sorted()
    }
}
