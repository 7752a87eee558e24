import Identifiers
/// Fixed-width big-endian fields, for the byte layouts of envelopes and membership entries.
struct FieldWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 128) { bytes.reserveCapacity(capacity) }

    mutating func u8(_ value: UInt8) { bytes.append(value) }

    mutating func u32(_ value: UInt32) {
        bytes += BigEndian.bytes(of: value)
    }

    mutating func u64(_ value: UInt64) {
        bytes += BigEndian.bytes(of: value)
    }

    mutating func raw(_ data: [UInt8]) { bytes.append(contentsOf: data) }

    /// u32 length, then the bytes.
    mutating func block(_ data: [UInt8]) {
        u32(UInt32(data.count))
        raw(data)
    }
}

/// Reads what `FieldWriter` wrote; a short or malformed input throws `WireError.malformed`.
struct FieldReader {
    private let bytes: [UInt8]
    private(set) var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { offset == bytes.count }
    var remaining: Int { bytes.count - offset }

    mutating func raw(_ count: Int) throws(WireError) -> [UInt8] {
        guard count >= 0, remaining >= count else { throw .malformed("truncated") }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    mutating func u8() throws(WireError) -> UInt8 { try raw(1)[0] }

    mutating func u32() throws(WireError) -> UInt32 {
        BigEndian.uint32(try raw(4))
    }

    mutating func u64() throws(WireError) -> UInt64 {
        BigEndian.uint64(try raw(8))
    }

    mutating func block(limit: Int) throws(WireError) -> [UInt8] {
        let count = Int(try u32())
        guard count <= limit else { throw .tooLarge(count, limit: limit) }
        return try raw(count)
    }
}
