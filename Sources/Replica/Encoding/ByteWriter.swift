/// Appends a compact, deterministic binary encoding: LEB128 varints, length-prefixed bytes.
public struct ByteWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 64) { bytes.reserveCapacity(capacity) }

    public mutating func write(_ byte: UInt8) { bytes.append(byte) }

    public mutating func writeVarint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    /// Zig-zag so that small negative numbers stay short.
    public mutating func writeSignedVarint(_ value: Int64) {
        writeVarint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    public mutating func writeFixed(_ value: UInt64) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func write(_ data: [UInt8]) {
        writeVarint(UInt64(data.count))
        bytes.append(contentsOf: data)
    }

    public mutating func write(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            writeVarint(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    public mutating func write(_ id: OperationID) {
        writeVarint(id.timestamp.rawValue)
        writeFixed(id.device.rawValue)
    }

    public mutating func write(_ record: RecordID) {
        writeFixed(record.high)
        writeFixed(record.low)
    }

    public mutating func write(_ ids: [OperationID]) {
        writeVarint(UInt64(ids.count))
        for id in ids { write(id) }
    }

    public mutating func append(raw: [UInt8]) { bytes.append(contentsOf: raw) }
}
