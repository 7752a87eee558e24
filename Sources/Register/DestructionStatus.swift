import Casework
import Foundation
import Identifiers
import Replica
import Signatures
import Sync
import Vault

/// `vp retention status`: per destroyed case, who ordered it and which devices confirmed
/// they erased it. Only a device can write its own confirmation (sync rejects anyone
/// else's), so a relay that withholds confirmations makes the status err towards "not
/// confirmed", never the other way; and a device's confirmation is its own word.
extension CaseRegister {
    public struct DestructionStatus: Sendable {
        public let ref: String
        public let destroyedOn: String
        /// The ordering counsellor's name, or id, or the device id when neither is known.
        public let orderedBy: String
        public let devices: [DeviceConfirmation]
    }

    public struct DeviceConfirmation: Sendable {
        public let device: DeviceID
        /// The counsellor's name, or id, the device works for; nil when unknown.
        public let counsellor: String?
        /// When it confirmed (ISO 8601), nil while waiting.
        public let confirmed: String?
        /// A reader of the caseload: it erases, but cannot write its confirmation.
        public let isReader: Bool
    }

    public func destructionStatus() throws -> [DestructionStatus] {
        let orders = Casebook(records: try vault.records(CaseIndex.destructionNeeds)).destroyedCases
        guard !orders.isEmpty else { return [] }
        let counsellors = (try? Caseload.counsellorsByDevice(in: vault)) ?? [:]
        let names = try counsellorNames()
        func counsellor(_ device: DeviceID) -> String? {
            counsellors[device].map { names[$0.description] ?? $0.description }
        }
        return try orders.map { order in
            let members = try orderCaseload(order.caseload).membership(in: vault).members.values
            let readers = Set(members.filter { $0.role == .reader }.map { DeviceIdentity.deviceID(of: $0.device) })
            let devices = Set(members.map { DeviceIdentity.deviceID(of: $0.device) }).union(order.confirmations.keys)
            return DestructionStatus(
                ref: order.ref, destroyedOn: order.destroyedOn, orderedBy: counsellor(order.orderedBy) ?? order.orderedBy.description,
                devices: devices.sorted { $0.rawValue < $1.rawValue }.map {
                    DeviceConfirmation(device: $0, counsellor: counsellor($0), confirmed: order.confirmations[$0], isReader: readers.contains($0))
                })
        }
    }
}
