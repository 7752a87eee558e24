import Identifiers
/// Reads what `ByteWriter` wrote; any truncation or overlong value throws.
public struct ByteReader {
    private let bytes: [UInt8]
    public private(set) var offset: Int

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        offset = 0
    }

    public var isAtEnd: Bool { offset == bytes.count }

    public mutating func readByte() throws(DecodingFailure) -> UInt8 {
        guard offset < bytes.count else { throw .truncated }
        defer { offset += 1 }
        return bytes[offset]
    }

    public mutating func readVarint() throws(DecodingFailure) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try readByte()
            guard shift < 64 else { throw .malformed("varint too long") }
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
    }

    public mutating func readSignedVarint() throws(DecodingFailure) -> Int64 {
        let raw = try readVarint()
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }

    public mutating func readFixed() throws(DecodingFailure) -> UInt64 {
        guard bytes.count - offset >= 8 else { throw .truncated }
        let value = BigEndian.uint64(bytes[offset..<offset + 8])
        offset += 8
        return value
    }

    public mutating func readCount() throws(DecodingFailure) -> Int {
        let count = try readVarint()
        guard count <= UInt64(bytes.count - offset) else { throw .truncated }
        return Int(count)
    }

    public mutating func readBytes() throws(DecodingFailure) -> [UInt8] {
        let count = try readCount()
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    public mutating func readString() throws(DecodingFailure) -> String {
        let count = try readCount()
        defer { offset += count }
        guard let text = String(validating: bytes[offset..<offset + count], as: UTF8.self) else {
            throw .malformed("invalid UTF-8")
        }
        return text
    }

    public mutating func readOperationID() throws(DecodingFailure) -> OperationID {
        let timestamp = try readVarint()
        let device = try readFixed()
        return OperationID(timestamp: HybridTimestamp(rawValue: timestamp), device: DeviceID(rawValue: device))
    }

    public mutating func readRecordID() throws(DecodingFailure) -> RecordID {
        let high = try readFixed()
        return RecordID(high: high, low: try readFixed())
    }

    public mutating func readOperationIDs() throws(DecodingFailure) -> [OperationID] {
        let count = try readCount()
        var ids: [OperationID] = []
        ids.reserveCapacity(count)
        for _ in 0..<count { ids.append(try readOperationID()) }
        return ids
    }
}

/// Bytes that do not decode: damaged storage or a peer speaking another format.
public enum DecodingFailure: Error, Equatable {
    case truncated
    case malformed(String)
}
