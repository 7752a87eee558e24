import CSodium
import Foundation
import Signatures

/// A file's worth of bytes sealed as one stream (libsodium secretstream, XChaCha20-Poly1305):
/// every chunk is authenticated in its place and the last one is marked final, so a stream
/// that was cut short, reordered or extended does not open. Layout: the 24-byte stream header,
/// then each chunk of up to `chunkLength` bytes sealed (17 bytes more each).
public enum SealedStream {
    public static let chunkLength = 64 * 1024
    static let headerLength = Int(crypto_secretstream_xchacha20poly1305_HEADERBYTES)
    static let overhead = Int(crypto_secretstream_xchacha20poly1305_ABYTES)

    /// Why a stream did not open.
    public enum Failure: Error, Equatable {
        /// It ends before its final chunk.
        case cutShort
        /// A chunk failed its check (altered, or the key is wrong), or bytes follow the final one.
        case damaged
    }

    /// Writes everything `input` holds to `output`, sealed. `associatedData` is bound to the first chunk.
    public static func seal(from input: FileHandle, to output: FileHandle, key: SymmetricKey, associatedData: [UInt8]) throws {
        try Sodium.ensureReady()
        var state = crypto_secretstream_xchacha20poly1305_state()
        var header = [UInt8](repeating: 0, count: headerLength)
        key.withUnsafeBytes { _ = crypto_secretstream_xchacha20poly1305_init_push(&state, &header, $0.baseAddress!.assumingMemoryBound(to: UInt8.self)) }
        try output.write(contentsOf: header)
        var chunk = [UInt8](try input.read(upToCount: chunkLength) ?? Data())
        var first = true
        while true {
            let next = [UInt8](try input.read(upToCount: chunkLength) ?? Data())
            let tag = next.isEmpty ? UInt8(crypto_secretstream_xchacha20poly1305_TAG_FINAL) : 0
            let data = first ? associatedData : []
            var sealed = [UInt8](repeating: 0, count: chunk.count + overhead)
            _ = crypto_secretstream_xchacha20poly1305_push(&state, &sealed, nil, chunk, UInt64(chunk.count), data, UInt64(data.count), tag)
            try output.write(contentsOf: sealed)
            guard !next.isEmpty else { return }
            chunk = next
            first = false
        }
    }

    /// Writes what a sealed stream in `input` holds to `output`; on a failure `output` may
    /// hold a part, so write it to a draft.
    public static func open(from input: FileHandle, to output: FileHandle, key: SymmetricKey, associatedData: [UInt8]) throws {
        try Sodium.ensureReady()
        let header = [UInt8](try input.read(upToCount: headerLength) ?? Data())
        guard header.count == headerLength else { throw Failure.cutShort }
        var state = crypto_secretstream_xchacha20poly1305_state()
        let started = key.withUnsafeBytes {
            crypto_secretstream_xchacha20poly1305_init_pull(&state, header, $0.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        guard started == 0 else { throw Failure.damaged }
        var first = true
        while true {
            let sealed = [UInt8](try input.read(upToCount: chunkLength + overhead) ?? Data())
            guard sealed.count >= overhead else { throw sealed.isEmpty ? Failure.cutShort : Failure.damaged }
            var chunk = [UInt8](repeating: 0, count: sealed.count - overhead)
            var tag: UInt8 = 0
            let data = first ? associatedData : []
            guard crypto_secretstream_xchacha20poly1305_pull(&state, &chunk, nil, &tag, sealed, UInt64(sealed.count), data, UInt64(data.count)) == 0 else {
                throw Failure.damaged
            }
            try output.write(contentsOf: chunk)
            first = false
            if tag == UInt8(crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
                guard (try input.read(upToCount: 1) ?? Data()).isEmpty else { throw Failure.damaged }
                return
            }
            // A full chunk that is not final must be followed by more.
            guard sealed.count == chunkLength + overhead else { throw Failure.damaged }
        }
    }
}
