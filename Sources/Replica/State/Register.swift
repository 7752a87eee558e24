/// Last-writer-wins register: the value written by the greatest operation id.
public struct Register: Hashable, Sendable {
    public private(set) var value: Value
    public private(set) var writer: OperationID

    public init(value: Value, writer: OperationID) {
        self.value = value
        self.writer = writer
    }

    mutating func assign(_ value: Value, by id: OperationID) {
        if id > writer {
            self.value = value
            writer = id
        }
    }

    mutating func merge(_ other: Register) { assign(other.value, by: other.writer) }
}
