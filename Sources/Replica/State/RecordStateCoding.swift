/// Canonical binary form of a record state: maps in key order, so equal states encode to
/// equal bytes on every replica.
extension RecordState {
    static let formatVersion: UInt8 = 1

    public func encoded() -> [UInt8] {
        var writer = ByteWriter(capacity: 256)
        writer.write(Self.formatVersion)
        writer.writeVarint(UInt64(registers.count))
        for field in registers.keys.sortedByUTF8() {
            let register = registers[field]!
            writer.write(field)
            writer.write(register.writer)
            writer.write(register.value)
        }
        writer.writeVarint(UInt64(sets.count))
        for field in sets.keys.sortedByUTF8() {
            let set = sets[field]!
            writer.write(field)
            writer.writeVarint(UInt64(set.tags.count))
            for element in set.tags.keys.sortedByUTF8() {
                writer.write(element)
                writer.write(set.tags[element]!.sorted())
            }
            writer.write(set.removed.sorted())
        }
        writer.writeVarint(UInt64(texts.count))
        for field in texts.keys.sortedByUTF8() {
            let text = texts[field]!
            writer.write(field)
            writer.writeVarint(UInt64(text.heads.count))
            for (id, version) in text.versions {
                writer.write(id)
                writer.write(version)
            }
            writer.write(text.superseded.sorted())
        }
        return writer.bytes
    }

    public init(encoded bytes: [UInt8]) throws(DecodingFailure) {
        var reader = ByteReader(bytes)
        guard try reader.readByte() == Self.formatVersion else { throw .malformed("unknown state format") }
        self.init()
        let registerCount = try reader.readCount()
        registers.reserveCapacity(registerCount)
        for _ in 0..<registerCount {
            let field = try reader.readString()
            let writer = try reader.readOperationID()
            registers[field] = Register(value: try reader.readValue(), writer: writer)
        }
        for _ in 0..<(try reader.readCount()) {
            let field = try reader.readString()
            var tags: [String: Set<OperationID>] = [:]
            for _ in 0..<(try reader.readCount()) {
                let element = try reader.readString()
                tags[element] = Set(try reader.readOperationIDs())
            }
            sets[field] = ObservedRemoveSet(tags: tags, removed: Set(try reader.readOperationIDs()))
        }
        for _ in 0..<(try reader.readCount()) {
            let field = try reader.readString()
            var heads: [OperationID: String] = [:]
            for _ in 0..<(try reader.readCount()) {
                let id = try reader.readOperationID()
                heads[id] = try reader.readString()
            }
            texts[field] = MultiValueText(heads: heads, superseded: Set(try reader.readOperationIDs()))
        }
        guard reader.isAtEnd else { throw .malformed("trailing bytes after state") }
    }
}

extension Sequence where Element == String {
    /// Byte order of the UTF-8 form: the same in every language, unlike `String.<`.
    func sortedByUTF8() -> [String] {
        sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}
