import Identifiers

/// The binary bodies that carry envelopes (Protocol/sync.md, "Binary transport"): the same
/// content as the JSON forms, without base64 and JSON, which cost a large push or catch-up
/// much of its time. Every number is big-endian; every envelope is a u32 length and its bytes.
public enum BinaryEnvelopes {
    /// A push: u32 count, then each envelope.
    public static let pushType = "application/vnd.vertrouwd.envelopes"
    /// A push's answer: u32 count, then per envelope, in order, its 32-byte id, u64 number and
    /// u8 duplicate (1) or new (0).
    public static let receiptsType = "application/vnd.vertrouwd.receipts"
    /// A pull's answer: u64 next, u8 more (1 or 0), u32 count, then per envelope u64 number
    /// and the envelope.
    public static let pageType = "application/vnd.vertrouwd.page"

    public static func encodePush(_ envelopes: [[UInt8]]) -> [UInt8] {
        var writer = FieldWriter(capacity: envelopes.reduce(4) { $0 + 4 + $1.count })
        writer.u32(UInt32(envelopes.count))
        for envelope in envelopes { writer.block(envelope) }
        return writer.bytes
    }

    /// The envelopes of a push body; none may exceed `limit` bytes.
    public static func decodePush(_ body: [UInt8], limit: Int) throws(WireError) -> [[UInt8]] {
        var reader = FieldReader(body)
        let count = Int(try reader.u32())
        // Each takes at least its 4 length bytes: a count beyond that is a lie.
        guard count <= reader.remaining / 4 else { throw .malformed("envelope count") }
        var envelopes: [[UInt8]] = []
        envelopes.reserveCapacity(count)
        for _ in 0..<count { envelopes.append(try reader.block(limit: limit)) }
        guard reader.isAtEnd else { throw .malformed("bytes after the last envelope") }
        return envelopes
    }

    public static func encodeReceipts(_ results: [RelayAPI.PushResult]) -> [UInt8] {
        var writer = FieldWriter(capacity: 4 + results.count * 41)
        writer.u32(UInt32(results.count))
        for result in results {
            writer.raw(Hex.decode(result.id) ?? [UInt8](repeating: 0, count: 32))
            writer.u64(result.seq)
            writer.u8(result.duplicate ? 1 : 0)
        }
        return writer.bytes
    }

    public static func decodeReceipts(_ body: [UInt8]) throws(WireError) -> [RelayAPI.PushResult] {
        var reader = FieldReader(body)
        let count = Int(try reader.u32())
        guard count == reader.remaining / 41, reader.remaining % 41 == 0 else { throw .malformed("receipts") }
        var results: [RelayAPI.PushResult] = []
        results.reserveCapacity(count)
        for _ in 0..<count {
            let id = Hex.encode(try reader.raw(32))
            let sequence = try reader.u64()
            let flag = try reader.u8()
            guard flag <= 1 else { throw .malformed("duplicate flag") }
            results.append(RelayAPI.PushResult(id: id, seq: sequence, duplicate: flag == 1))
        }
        return results
    }

    public static func encodePage(_ page: RelayPage) -> [UInt8] {
        var writer = FieldWriter(capacity: page.envelopes.reduce(13) { $0 + 12 + $1.bytes.count })
        writer.u64(page.next)
        writer.u8(page.more ? 1 : 0)
        writer.u32(UInt32(page.envelopes.count))
        for stored in page.envelopes {
            writer.u64(stored.sequence)
            writer.block(stored.bytes)
        }
        return writer.bytes
    }

    public static func decodePage(_ body: [UInt8], limit: Int) throws(WireError) -> RelayPage {
        var reader = FieldReader(body)
        let next = try reader.u64()
        let more = try reader.u8()
        guard more <= 1 else { throw .malformed("more flag") }
        let count = Int(try reader.u32())
        guard count <= reader.remaining / 12 else { throw .malformed("envelope count") }
        var envelopes: [RelayPage.Stored] = []
        envelopes.reserveCapacity(count)
        for _ in 0..<count {
            let sequence = try reader.u64()
            envelopes.append(RelayPage.Stored(sequence: sequence, bytes: try reader.block(limit: limit)))
        }
        guard reader.isAtEnd else { throw .malformed("bytes after the last envelope") }
        return RelayPage(envelopes: envelopes, next: next, more: more == 1)
    }
}
