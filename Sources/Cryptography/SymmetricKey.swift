import CSodium

/// A 32-byte secret key held in its own allocation, zeroed when the last reference goes.
///
/// `@unchecked Sendable`: the bytes are written once in `init` and only read afterwards.
public final class SymmetricKey: @unchecked Sendable {
    public static let byteCount = 32
    private let storage: UnsafeMutableRawBufferPointer

    public init(bytes: [UInt8]) throws(CryptoError) {
        guard bytes.count == Self.byteCount else { throw .invalidKeyLength(bytes.count) }
        storage = .allocate(byteCount: Self.byteCount, alignment: 16)
        storage.copyBytes(from: bytes)
    }

    /// A fresh random key.
    public static func random() -> SymmetricKey {
        var bytes = SecureRandom.bytes(byteCount)
        defer { secureZero(&bytes) }
        return try! SymmetricKey(bytes: bytes)  // length is right by construction
    }

    deinit {
        sodium_memzero(storage.baseAddress, storage.count)
        storage.deallocate()
    }

    /// Runs `body` with the raw key bytes; do not let them escape.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(storage))
    }

    /// A copy of the key bytes, for wrapping or handing to the keyring. Zero it after use.
    public func exportBytes() -> [UInt8] {
        [UInt8](storage)
    }
}
