import ArgumentParser
import Casework
import Foundation
import Replica
import Signatures
import Sync

struct CaseHistory: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "The audit trail of a case: when, which device, field, old → new.")
    @OptionGroup var vault: VaultOptions
    @OptionGroup var options: OutputOptions
    @Argument(help: "The case reference.") var ref: String

    func execute(in context: CommandContext) async throws {
        let opened = try context.vault(vault)
        let book = Casebook(records: try opened.records())
        let file = try book.caseFile(ref: ref)
        let contactIDs = Set(book.contacts(of: file.id).map(\.id))
        var caseOperations: [FieldOperation] = []
        var contactOperations: [FieldOperation] = []
        for operation in try opened.operations() {
            if operation.record == file.id { caseOperations.append(operation) }
            if contactIDs.contains(operation.record) { contactOperations.append(operation) }
        }
        let entries = AuditTrail.entries(for: caseOperations).map { ($0, "") }
            + Dictionary(grouping: contactOperations, by: \.record).values.flatMap { operations in
                AuditTrail.entries(for: operations).map { ($0, "contact.") }
            }
        // Links between records are shown by name; the record kind is not a change anyone made.
        let sorted = entries.sorted { $0.0.id < $1.0.id }
            .filter { entry, prefix in entry.field != "kind" && !(prefix == "contact." && entry.field == "case") }
            .map { entry, prefix in
                guard entry.field == CaseField.organisation else { return (entry, prefix) }
                let name = { (hex: String?) in hex.flatMap(RecordID.init(hex:)).map { book.organisationName($0) } }
                return (AuditEntry(id: entry.id, field: entry.field, before: name(entry.before), after: name(entry.after)), prefix)
            }
        let labels = Labels(language: options.language(context))
        // Each device's operations reached this vault in envelopes it signed (checked on
        // arrival), so the membership logs tell whose they are.
        var counsellors: [DeviceID: [UInt8]] = [:]
        var own: [UInt8] = []
        do {
            counsellors = try Caseload.counsellorsByDevice(in: opened)
            own = try Caseload.home(of: opened).counsellor
        } catch SyncError.notSetUp {
            // A vault made before sync has only this counsellor's own changes.
        }
        func counsellor(_ id: OperationID) -> String {
            counsellors[id.device].map { CounsellorName.short($0, own: own, labels: labels, names: book.counsellorNames) } ?? "?"
        }
        var table = Table([labels.text("WANNEER", "WHEN"), labels.text("COLLEGA", "COUNSELLOR"), "DEVICE",
                           labels.text("VELD", "FIELD"), labels.text("OUD", "OLD"), labels.text("NIEUW", "NEW")])
        for (entry, prefix) in sorted {
            table.rows.append([Self.time(entry.id), counsellor(entry.id), entry.id.device.description, prefix + entry.field,
                               entry.before ?? "", entry.after ?? ""])
        }
        context.emit(options, json: .array(sorted.map { entry, prefix in
            .object([
                ("at", .string(Self.time(entry.id))), ("operation", .string(entry.id.description)),
                ("counsellor", .optional(counsellors[entry.id.device].map { Hex.encode(Array($0.prefix(4))) })),
                ("counsellor_name", .optional(counsellors[entry.id.device].flatMap { book.counsellorNames[Hex.encode($0)] })),
                ("you", .bool(counsellors[entry.id.device] == own)),
                ("device", .string(entry.id.device.description)), ("field", .string(prefix + entry.field)),
                ("old", .optional(entry.before)), ("new", .optional(entry.after)),
            ])
        }), text: table.rendered())
    }

    /// The operation's clock time, in UTC, to the second.
    static func time(_ id: OperationID) -> String {
        let date = Date(timeIntervalSince1970: Double(id.timestamp.milliseconds) / 1000)
        return date.formatted(.iso8601)
    }
}
