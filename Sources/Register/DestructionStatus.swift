import Casework
import Foundation
import Identifiers
import Replica
import Signatures
import Sync
import Vault

/// `vp retention status`: per destroyed case, who ordered it and which devices confirmed
/// they erased it. A receipt counts only as written by the device it names, so a relay
/// that hides receipts makes the status err towards "not confirmed", never the other way.
extension CaseRegister {
    public struct DestructionStatus: Sendable {
        public let ref: String
        public let destroyedOn: String
        /// The ordering counsellor's name, or the device id when no name is known.
        public let orderedBy: String
        public let devices: [DeviceConfirmation]
        /// Whether this device's vault still holds anything of the case (an order not honoured here).
        public let honoured: Bool
    }

    public struct DeviceConfirmation: Sendable {
        public let device: DeviceID
        /// The counsellor's name, or id, the device works for; nil when unknown.
        public let counsellor: String?
        /// When it confirmed (ISO 8601), nil while waiting.
        public let confirmed: String?
    }

    public func destructionStatus() throws -> [DestructionStatus] {
        let book = Casebook(records: try vault.records(CaseIndex.destructionNeeds).merging(try vault.records(CaseIndex.profileNeeds)) { a, _ in a })
        guard !book.destroyedCases.isEmpty else { return [] }
        let counsellors = (try? Caseload.counsellorsByDevice(in: vault)) ?? [:]
        let names = book.counsellorNames(writtenBy: counsellors.mapValues(\.description))
        let own = try? Caseload.home(of: vault).counsellor
        let ownName = try vault.sealedSetting(Caseload.nameSetting).map { String(decoding: $0, as: UTF8.self) }
        func counsellor(_ device: DeviceID) -> String? {
            counsellors[device].map { id in (id == own ? ownName : nil) ?? names[id.description] ?? id.description }
        }
        let admins = try orderingDevices()
        var result: [DestructionStatus] = []
        for order in book.destroyedCases {
            guard let caseID = order.caseID else { continue }
            let caseload = try orderCaseload(order.caseload)
            let receipts = book.destructionReceipts.filter { $0.caseID == caseID && $0.isAuthentic }
            var confirmedBy: [DeviceID: String] = [:]
            for receipt in receipts {
                guard let device = receipt.device, receipt.id == Self.receiptRecord(case: caseID, caseload: caseload.id, device: device) else { continue }
                confirmedBy[device] = receipt.confirmed
            }
            let members = Set(try caseload.membership(in: vault).members.keys.map(DeviceIdentity.deviceID(of:)))
            let devices = members.union(confirmedBy.keys).sorted { $0.rawValue < $1.rawValue }.map {
                DeviceConfirmation(device: $0, counsellor: counsellor($0), confirmed: confirmedBy[$0])
            }
            let author = order.orderedBy
            result.append(DestructionStatus(
                ref: order.ref, destroyedOn: order.destroyedOn, orderedBy: author.map { counsellor($0) ?? $0.description } ?? "?",
                devices: devices, honoured: author.map { admins[order.caseload ?? "", default: []].contains($0) } ?? false))
        }
        return result
    }
}
