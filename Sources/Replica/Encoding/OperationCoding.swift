/// Binary form of operations. Each change is `kind byte ‖ length-prefixed payload`, so a
/// reader can keep a kind it does not know instead of failing (forward compatibility).
extension FieldOperation {
    enum Kind: UInt8 {
        case assign = 1, insert = 2, delete = 3, write = 4
    }

    public func encode(into writer: inout ByteWriter) {
        writer.write(id)
        writer.write(record)
        writer.write(field)
        var payload = ByteWriter(capacity: 32)
        let kind: UInt8
        switch change {
        case .assign(let value):
            kind = Kind.assign.rawValue
            payload.write(value)
        case .insert(let element):
            kind = Kind.insert.rawValue
            payload.write(element)
        case .delete(let element, let observed):
            kind = Kind.delete.rawValue
            payload.write(element)
            payload.write(observed)
        case .write(let text, let supersedes):
            kind = Kind.write.rawValue
            payload.write(text)
            payload.write(supersedes)
        case .unknown(let unknownKind, let raw):
            kind = unknownKind
            payload.append(raw: raw)
        }
        writer.write(kind)
        writer.write(payload.bytes)
    }

    public init(from reader: inout ByteReader) throws(DecodingFailure) {
        id = try reader.readOperationID()
        record = try reader.readRecordID()
        field = try reader.readString()
        let kind = try reader.readByte()
        let raw = try reader.readBytes()
        var payload = ByteReader(raw)
        switch Kind(rawValue: kind) {
        case .assign: change = .assign(try payload.readValue())
        case .insert: change = .insert(try payload.readString())
        case .delete: change = .delete(try payload.readString(), observed: try payload.readOperationIDs())
        case .write: change = .write(try payload.readString(), supersedes: try payload.readOperationIDs())
        case nil: change = .unknown(kind: kind, payload: raw)
        }
    }

    /// Encodes a batch: a count, then each operation.
    public static func encode(_ operations: [FieldOperation]) -> [UInt8] {
        var writer = ByteWriter(capacity: operations.count * 48)
        writer.writeVarint(UInt64(operations.count))
        for operation in operations { operation.encode(into: &writer) }
        return writer.bytes
    }

    public static func decodeBatch(_ bytes: [UInt8]) throws(DecodingFailure) -> [FieldOperation] {
        var reader = ByteReader(bytes)
        let count = try reader.readCount()
        var operations: [FieldOperation] = []
        operations.reserveCapacity(count)
        for _ in 0..<count { operations.append(try FieldOperation(from: &reader)) }
        guard reader.isAtEnd else { throw .malformed("trailing bytes after operations") }
        return operations
    }
}

extension ByteWriter {
    public mutating func write(_ value: Value) {
        switch value {
        case .null: write(UInt8(0))
        case .bool(let flag): write(flag ? UInt8(2) : UInt8(1))
        case .integer(let number):
            write(UInt8(3))
            writeSignedVarint(number)
        case .decimal(let number):
            write(UInt8(4))
            writeFixed(number.bitPattern)
        case .string(let text):
            write(UInt8(5))
            write(text)
        }
    }
}

extension ByteReader {
    public mutating func readValue() throws(DecodingFailure) -> Value {
        switch try readByte() {
        case 0: .null
        case 1: .bool(false)
        case 2: .bool(true)
        case 3: .integer(try readSignedVarint())
        case 4: .decimal(Double(bitPattern: try readFixed()))
        case 5: .string(try readString())
        case let tag: throw .malformed("unknown value tag \(tag)")
        }
    }
}
