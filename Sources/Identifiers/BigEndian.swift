/// Unsigned integers as big-endian bytes, the byte order of every format in Protocol/.
/// Inlinable: decoding calls these per operation, so they must specialise in the caller.
public enum BigEndian {
    @inlinable public static func bytes(of value: UInt64) -> [UInt8] {
        (0..<8).reversed().map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
    }

    @inlinable public static func bytes(of value: UInt32) -> [UInt8] {
        (0..<4).reversed().map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
    }

    /// The value of up to 8 bytes, most significant first.
    @inlinable public static func uint64<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> UInt64 {
        bytes.reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// The value of up to 4 bytes, most significant first.
    @inlinable public static func uint32<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> UInt32 {
        bytes.reduce(0) { $0 << 8 | UInt32($1) }
    }
}
