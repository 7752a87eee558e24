import CSodium

/// BLAKE2b-256 (libsodium `crypto_generichash`): envelope ids, hash chains, body digests.
public enum Digest {
    public static let length = 32

    public static func blake2b(_ message: [UInt8], length: Int = Digest.length) -> [UInt8] {
        _ = Sodium.ready
        var out = [UInt8](repeating: 0, count: length)
        _ = crypto_generichash(&out, length, message, UInt64(message.count), nil, 0)
        return out
    }

    /// BLAKE2b keyed with `key` (16 to 64 bytes): a pseudorandom function of `message`.
    public static func keyed(_ message: [UInt8], key: [UInt8], length: Int = Digest.length) -> [UInt8] {
        _ = Sodium.ready
        var out = [UInt8](repeating: 0, count: length)
        _ = crypto_generichash(&out, length, message, UInt64(message.count), key, key.count)
        return out
    }

    /// A digest of `message` under a context label, so one kind of hash never equals another.
    public static func labelled(_ label: String, _ message: [UInt8], length: Int = Digest.length) -> [UInt8] {
        blake2b(Array(label.utf8) + [0] + message, length: length)
    }
}

/// Lowercase hexadecimal, the text form of keys and ids in the protocol.
public enum Hex {
    public static func encode(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func decode(_ text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
