import Identifiers
import Replica

/// The order that destroyed a case (`vp case destroy`), which is also what stays of it: its
/// reference, so that the number is never given out again, the day, the device that
/// ordered it, and each device's confirmation that it erased the case. Its fields are
/// admin-only or each device's own (`CaseSchema.routing`): sync rejects anyone else's
/// writes, so every field is read as the one device allowed to write it left it.
public struct DestroyedCase: Sendable {
    public let id: RecordID
    /// The destroyed case's record id.
    public let caseID: RecordID
    public let ref: String
    /// YYYY-MM-DD.
    public let destroyedOn: String
    /// The caseload the order was given in (hex id); nil for the own one.
    public let caseload: String?
    /// The device that wrote the order.
    public let orderedBy: DeviceID
    /// When each device confirmed it erased the case (ISO 8601, UTC).
    public let confirmations: [DeviceID: String]

    /// nil for a record that is not an order (no `destroys` register naming a case).
    init?(id: RecordID, state: RecordState) {
        guard let order = state.registers[Field.destroys], let caseID = order.value.string.flatMap(RecordID.init(hex:)) else { return nil }
        self.id = id
        self.caseID = caseID
        orderedBy = order.writer.device
        ref = state.string(Field.ref) ?? ""
        destroyedOn = state.string(Field.on) ?? ""
        caseload = state.string(CaseField.caseload)
        var confirmations: [DeviceID: String] = [:]
        for (name, register) in state.registers where name.hasPrefix(Field.confirmedPrefix) {
            guard let device = DeviceID(hex: String(name.dropFirst(Field.confirmedPrefix.count))), register.writer.device == device,
                  let time = register.value.string
            else { continue }
            confirmations[device] = time
        }
        self.confirmations = confirmations
    }

    /// Field names: the first three only an admin of the caseload may write; a
    /// confirmation field only the device it names.
    public enum Field {
        public static let destroys = "destroys"
        public static let ref = "destroyed_ref"
        public static let on = "destroyed_on"
        public static let confirmedPrefix = "confirmed_by:"

        public static let adminOnly: Set<String> = [destroys, ref, on]

        public static func confirmed(by device: DeviceID) -> String { FieldRouting.deviceField(confirmedPrefix, device) }
    }
}
