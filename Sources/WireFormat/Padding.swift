/// Pads a plaintext to a size bucket so ciphertext lengths tell the relay little:
/// `u32 length ‖ plaintext ‖ zeros`, bucket = the next power of two from 256 bytes, then
/// whole MiB above 1 MiB.
public enum Padding {
    public static func bucket(for length: Int) -> Int {
        let needed = length + 4
        if needed > 1 << 20 { return (needed + (1 << 20) - 1) / (1 << 20) * (1 << 20) }
        var size = 256
        while size < needed { size <<= 1 }
        return size
    }

    public static func pad(_ plaintext: [UInt8]) -> [UInt8] {
        var writer = FieldWriter(capacity: bucket(for: plaintext.count))
        writer.block(plaintext)
        var bytes = writer.bytes
        bytes.append(contentsOf: repeatElement(0, count: bucket(for: plaintext.count) - bytes.count))
        return bytes
    }

    public static func unpad(_ padded: [UInt8]) throws(WireError) -> [UInt8] {
        var reader = FieldReader(padded)
        let plaintext = try reader.block(limit: padded.count)
        guard padded[reader.offset...].allSatisfy({ $0 == 0 }) else { throw .malformed("padding") }
        return plaintext
    }
}
