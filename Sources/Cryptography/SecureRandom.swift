import CSodium
import Signatures

extension Sodium {
    static func ensureReady() throws(CryptoError) {
        guard ready else { throw .libraryUnavailable }
    }
}

/// Cryptographically secure random bytes from the operating system.
public enum SecureRandom {
    public static func bytes(_ count: Int) -> [UInt8] {
        _ = Sodium.ready
        var result = [UInt8](repeating: 0, count: count)
        guard count > 0 else { return result }
        result.withUnsafeMutableBytes { randombytes_buf($0.baseAddress!, count) }
        return result
    }

    /// A uniformly random 64-bit value.
    public static func uint64() -> UInt64 {
        bytes(8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
    }
}

/// Overwrites memory in a way the optimiser may not remove.
public func secureZero(_ bytes: inout [UInt8]) {
    bytes.withUnsafeMutableBytes { if let base = $0.baseAddress { sodium_memzero(base, $0.count) } }
}
