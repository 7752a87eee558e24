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

    /// SipHash-2-4 with a 128-bit output (libsodium `crypto_shorthash_siphashx24`) under a
    /// 16-byte key: a fast MAC for many small messages.
    public static func siphash128(_ message: [UInt8], key: [UInt8]) -> [UInt8] {
        _ = Sodium.ready
        precondition(key.count == 16, "SipHash takes a 16-byte key")
        var out = [UInt8](repeating: 0, count: 16)
        _ = crypto_shorthash_siphashx24(&out, message, UInt64(message.count), key)
        return out
    }

    /// A digest of `message` under a context label, so one kind of hash never equals another.
    public static func labelled(_ label: String, _ message: [UInt8], length: Int = Digest.length) -> [UInt8] {
        blake2b(Array(label.utf8) + [0] + message, length: length)
    }
}
