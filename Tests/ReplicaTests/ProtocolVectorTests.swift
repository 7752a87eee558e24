import Foundation
import Identifiers
import Testing
@testable import Replica

/// Checks the implementation against Protocol/vectors/data-core.json, which another
/// implementation can use the same way. VP_WRITE_VECTORS=1 rewrites the expected bytes
/// after a deliberate format change (then bump the format version in Protocol/).
@Suite struct ProtocolVectorTests {
    static let file = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Protocol/vectors/data-core.json")

    @Test func operationsAndStatesEncodeToTheWrittenBytes() throws {
        var vectors = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: Self.file)) as? [String: Any])
        let operations = try (vectors["operations"] as? [[String: Any]] ?? []).map(Self.operation)
        #expect(operations.count >= 10)
        let batch = FieldOperation.encode(operations)
        var state = ReplicaState()
        state.apply(contentsOf: operations)
        var reversed = ReplicaState()
        reversed.apply(contentsOf: operations.reversed())
        #expect(reversed == state, "fold order changed the state")
        let states = state.records.keys.sorted().map { id -> [String: String] in
            ["record": id.description, "state": Self.hex(state.records[id]!.encoded())]
        }
        if ProcessInfo.processInfo.environment["VP_WRITE_VECTORS"] == "1" {
            vectors["batch"] = Self.hex(batch)
            vectors["states"] = states
            try JSONSerialization.data(withJSONObject: vectors, options: [.prettyPrinted, .sortedKeys]).write(to: Self.file)
        }
        #expect(Self.hex(batch) == vectors["batch"] as? String)
        #expect(states == vectors["states"] as? [[String: String]])
        #expect(try FieldOperation.decodeBatch(batch) == operations)
    }

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    static func bytes(_ hex: String) -> [UInt8] {
        var result: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            result.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return result
    }

    static func operationID(_ json: [String: Any]) throws -> OperationID {
        let timestamp = try #require(json["milliseconds"] as? UInt64)
        let counter = try #require(json["counter"] as? UInt16)
        let device = try #require((json["device"] as? String).flatMap(DeviceID.init(hex:)))
        return OperationID(timestamp: HybridTimestamp(milliseconds: timestamp, counter: counter), device: device)
    }

    static func value(_ json: [String: Any]) throws -> Value {
        if json["null"] != nil { return .null }
        if let flag = json["bool"] as? Bool { return .bool(flag) }
        if let number = json["integer"] as? Int64 { return .integer(number) }
        if let number = json["decimal"] as? Double { return .decimal(number) }
        return .string(try #require(json["string"] as? String))
    }

    static func operation(_ json: [String: Any]) throws -> FieldOperation {
        let change = try #require(json["change"] as? [String: Any])
        let ids = { (key: String) in try (change[key] as? [[String: Any]] ?? []).map(operationID) }
        let parsed: Change
        switch change["kind"] as? String {
        case "assign": parsed = .assign(try value(try #require(change["value"] as? [String: Any])))
        case "insert": parsed = .insert(try #require(change["element"] as? String))
        case "delete": parsed = .delete(try #require(change["element"] as? String), observed: try ids("observed"))
        case "write": parsed = .write(try #require(change["text"] as? String), supersedes: try ids("supersedes"))
        default: parsed = .unknown(kind: try #require(change["code"] as? UInt8), payload: bytes(try #require(change["payload"] as? String)))
        }
        return FieldOperation(
            id: try operationID(json), record: try #require((json["record"] as? String).flatMap(RecordID.init(hex:))),
            field: try #require(json["field"] as? String), change: parsed)
    }
}
