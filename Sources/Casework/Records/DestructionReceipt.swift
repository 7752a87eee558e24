import Identifiers
import Replica

/// A device's word that it erased a destroyed case: written by that device after the
/// erasure was committed and checkpointed, in the caseload of the order.
public struct DestructionReceipt: Sendable {
    public let id: RecordID
    public let caseID: RecordID?
    /// The confirming device, as its record names it.
    public let device: DeviceID?
    /// When the erasure was done (ISO 8601, UTC).
    public let confirmed: String
    /// Every field written by the device it names: a receipt someone else wrote or
    /// touched proves nothing and counts as missing.
    public let isAuthentic: Bool

    init(id: RecordID, state: RecordState) {
        self.id = id
        caseID = state.string(Field.case).flatMap(RecordID.init(hex:))
        let device = state.string(Field.device).flatMap(DeviceID.init(hex:))
        self.device = device
        confirmed = state.string(Field.confirmed) ?? ""
        isAuthentic = device != nil && state.registers.values.allSatisfy { $0.writer.device == device }
    }

    public enum Field {
        public static let `case` = "case"
        public static let device = "device"
        public static let confirmed = "confirmed"
    }
}
