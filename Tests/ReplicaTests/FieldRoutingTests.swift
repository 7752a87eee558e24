import Identifiers
import Testing
@testable import Replica

/// What may enter a shared partition: only records placed in it, never one of the reader's
/// own; a record known only by its private fields is not yet placed anywhere.
@Suite struct FieldRoutingTests {
    let routing = FieldRouting(partitionField: "caseload", privateFields: ["private_note"])
    let record = RecordID(high: 7, low: 8)
    let shared = "00112233445566778899aabbccddeeff"

    func op(_ time: UInt64, _ field: String, _ change: Change) -> FieldOperation {
        FieldOperation(id: OperationID(timestamp: HybridTimestamp(milliseconds: time, counter: 0), device: DeviceID(rawValue: 1)),
                       record: record, field: field, change: change)
    }

    var creation: [FieldOperation] {
        [op(2, "kind", .assign(.string("case"))), op(3, "caseload", .assign(.string(shared)))]
    }

    @Test func aRecordKnownOnlyByItsPrivateNoteMayStillBePlaced() {
        var known = RecordState()
        known.apply(op(1, "private_note", .write("Alleen voor mij", supersedes: [])))
        #expect(routing.staysInside(creation, partition: shared, states: [record: known]))
    }

    @Test func aRecordOfTheOwnPartitionCannotBeTakenIntoASharedOne() {
        var own = RecordState()
        own.apply(op(1, "kind", .assign(.string("case"))))
        own.apply(op(1, "private_note", .write("Alleen voor mij", supersedes: [])))
        #expect(!routing.staysInside(creation, partition: shared, states: [record: own]))
        #expect(!routing.staysInside([op(4, "summary", .write("x", supersedes: []))], partition: shared, states: [:]))
        #expect(!routing.staysInside([op(4, "private_note", .write("x", supersedes: []))] + creation, partition: shared, states: [:]))
    }

    /// Rights on fields are judged by the operations alone: an admin-only field whatever the
    /// record, and a device's own field only by that device.
    @Test func fieldRightsDependOnTheOperationsAlone() {
        let guarded = FieldRouting(partitionField: "caseload", privateFields: ["private_note"], adminOnlyFields: ["destroys"],
                                   deviceFieldPrefix: "confirmed_by:")
        #expect(guarded.touchesAdminOnlyFields([op(1, "destroys", .assign(.string("x")))]))
        #expect(!guarded.touchesAdminOnlyFields(creation))
        #expect(!routing.touchesAdminOnlyFields([op(1, "destroys", .assign(.string("x")))]))
        // op() writes as device 1.
        #expect(!guarded.writesAnotherDevicesField([op(1, "confirmed_by:" + DeviceID(rawValue: 1).description, .assign(.string("t")))]))
        #expect(guarded.writesAnotherDevicesField([op(1, "confirmed_by:" + DeviceID(rawValue: 2).description, .assign(.string("t")))]))
        #expect(guarded.writesAnotherDevicesField([op(1, "confirmed_by:nonsense", .assign(.string("t")))]))
    }
}
