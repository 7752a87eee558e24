import Identifiers

/// Pads what the vault seals for records and log batches, so that a blob's length tells
/// little about what it holds (a long summary, a one-word name): `u32 length ‖ plaintext ‖
/// zeros`. Up to 4 KiB (nearly every record and command) the size is a power of two from
/// 256 bytes; above it, a Padmé size (Nikitin et al., "Reducing Metadata Leakage from
/// Encrypted Files and Communication with PURBs", 2019): at most about 12 % overhead, and a
/// length leaks only O(log log L) bits.
enum BlobPadding {
    static let minimum = 256
    static let powersOfTwoUpTo = 4096

    /// The padded size for `length` bytes of plaintext.
    static func size(for length: Int) -> Int {
        let needed = max(length + 4, minimum)
        let exponent = Int.bitWidth - 1 - needed.leadingZeroBitCount  // ⌊log2 needed⌋
        if needed <= powersOfTwoUpTo { return needed == 1 << exponent ? needed : 1 << (exponent + 1) }
        let bitsOfExponent = Int.bitWidth - exponent.leadingZeroBitCount  // ⌊log2 exponent⌋ + 1
        let mask = (1 << (exponent - bitsOfExponent)) - 1
        return (needed + mask) & ~mask
    }

    static func pad(_ plaintext: [UInt8]) -> [UInt8] {
        var padded = BigEndian.bytes(of: UInt32(plaintext.count))
        padded.reserveCapacity(size(for: plaintext.count))
        padded += plaintext
        padded += repeatElement(0, count: size(for: plaintext.count) - padded.count)
        return padded
    }

    /// nil when `padded` is not what `pad` makes (then the blob is damaged).
    static func unpad(_ padded: [UInt8]) -> [UInt8]? {
        guard padded.count >= 4 else { return nil }
        let length = Int(BigEndian.uint32(padded.prefix(4)))
        guard length <= padded.count - 4, padded[(4 + length)...].allSatisfy({ $0 == 0 }) else { return nil }
        return Array(padded[4..<(4 + length)])
    }
}
