/// Operations together with their encoding, so that keeping operations that arrived
/// encoded (in the vault's log) needs no second encoding. The two always agree: the
/// operations are decoded from the bytes, or the bytes encoded from the operations.
public struct EncodedBatch: Sendable {
    public let operations: [FieldOperation]
    public let bytes: [UInt8]

    public init(decoding bytes: [UInt8]) throws(DecodingFailure) {
        operations = try FieldOperation.decodeBatch(bytes)
        self.bytes = bytes
    }

    public init(_ operations: [FieldOperation]) {
        self.operations = operations
        bytes = FieldOperation.encode(operations)
    }

    public static let empty = EncodedBatch([])
}
