import Identifiers
import Testing
@testable import Replica

@Suite struct FieldKindTests {
    let record = RecordID(high: 1, low: 2)
    func id(_ time: UInt64, _ device: UInt64 = 1) -> OperationID {
        OperationID(timestamp: HybridTimestamp(milliseconds: time, counter: 0), device: DeviceID(rawValue: device))
    }
    func op(_ id: OperationID, _ field: String, _ change: Change) -> FieldOperation {
        FieldOperation(id: id, record: record, field: field, change: change)
    }

    @Test func registerKeepsTheGreatestWriterWithDeviceAsTieBreak() {
        var state = RecordState()
        state.apply(op(id(5, 2), "status", .assign(.string("closed"))))
        state.apply(op(id(5, 1), "status", .assign(.string("open"))))
        state.apply(op(id(4, 9), "status", .assign(.string("older"))))
        #expect(state.string("status") == "closed")
    }

    @Test func concurrentAddWinsOverRemove() {
        var state = RecordState()
        state.apply(op(id(1), "categories", .insert("bullying")))
        // Device 2 removes what it saw (tag 1) while device 3 adds the same element again.
        state.apply(op(id(3, 2), "categories", .delete("bullying", observed: [id(1)])))
        #expect(state.elements("categories").isEmpty)
        state.apply(op(id(2, 3), "categories", .insert("bullying")))
        #expect(state.elements("categories") == ["bullying"])
    }

    @Test func removeArrivingBeforeItsAddStillRemoves() {
        var state = RecordState()
        state.apply(op(id(3, 2), "categories", .delete("other", observed: [id(1)])))
        state.apply(op(id(1), "categories", .insert("other")))
        #expect(state.elements("categories").isEmpty)
    }

    @Test func concurrentTextWritesAreBothKeptUntilResolved() {
        var state = RecordState()
        state.apply(op(id(1), "summary", .write("base", supersedes: [])))
        state.apply(op(id(2, 1), "summary", .write("from laptop", supersedes: [id(1)])))
        state.apply(op(id(2, 2), "summary", .write("from desktop", supersedes: [id(1)])))
        let text = try! #require(state.text("summary"))
        #expect(text.isConflicted)
        #expect(Set(text.versions.map(\.text)) == ["from laptop", "from desktop"])
        state.apply(op(id(3), "summary", .write("merged", supersedes: [id(2, 1), id(2, 2)])))
        #expect(state.text("summary")?.versions.map(\.text) == ["merged"])
    }

    @Test func unknownChangeKindsSurviveEncoding() throws {
        let future = op(id(1), "new_field", .unknown(kind: 99, payload: [9, 8, 7]))
        let decoded = try FieldOperation.decodeBatch(FieldOperation.encode([future]))
        #expect(decoded == [future])
        var state = RecordState()
        state.apply(future)
        #expect(state == RecordState())
    }

    @Test func unknownFieldsAreKeptInState() {
        var state = RecordState()
        state.apply(op(id(1), "field_from_v9", .assign(.string("kept"))))
        #expect(state.fieldNames == ["field_from_v9"])
    }

    @Test func truncatedBatchIsRejected() {
        let bytes = FieldOperation.encode([op(id(1), "status", .assign(.string("open")))])
        #expect(throws: DecodingFailure.self) { try FieldOperation.decodeBatch(Array(bytes.dropLast())) }
    }

    @Test func auditTrailShowsOldAndNewValues() {
        let entries = AuditTrail.entries(for: [
            op(id(2), "status", .assign(.string("closed"))),
            op(id(1), "status", .assign(.string("open"))),
            op(id(3), "categories", .insert("bullying")),
            op(id(4), "categories", .insert("bullying")),  // written anew (a move): nothing changed
            op(id(5), "categories", .insert("fraud")),
        ])
        #expect(entries.map(\.before) == [nil, "open", nil, nil])
        #expect(entries.map(\.after) == ["open", "closed", "+bullying", "+fraud"])
    }
}
