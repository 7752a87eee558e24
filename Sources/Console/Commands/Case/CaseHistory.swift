import ArgumentParser
import Casework
import Register
import Foundation
import Identifiers
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
        let register = try context.register(vault)
        let changes = try register.history(ref: ref)
        let labels = Labels(language: options.language(context))
        func counsellor(_ change: CaseChange) -> String {
            guard let id = change.counsellor else { return "?" }
            return CounsellorName.short(id, own: change.byYou ? id : nil, labels: labels,
                                        names: change.counsellorName.map { [id.description: $0] } ?? [:])
        }
        var table = Table([labels.text("WANNEER", "WHEN"), labels.text("COLLEGA", "COUNSELLOR"), labels.text("APPARAAT", "DEVICE"),
                           labels.text("VELD", "FIELD"), labels.text("OUD", "OLD"), labels.text("NIEUW", "NEW")])
        for change in changes {
            table.rows.append([Self.time(change.entry.id), counsellor(change), change.entry.id.device.description, change.field,
                               change.entry.before ?? "", change.entry.after ?? ""])
        }
        context.emit(options, json: .array(changes.map { change in
            .object([
                ("at", .string(Self.time(change.entry.id))), ("operation", .string(change.entry.id.description)),
                ("counsellor", .optional(change.counsellor?.short)),
                ("counsellor_name", .optional(change.counsellorName)),
                ("you", .bool(change.byYou)),
                ("device", .string(change.entry.id.device.description)), ("field", .string(change.field)),
                ("old", .optional(change.entry.before)), ("new", .optional(change.entry.after)),
            ])
        }), text: table.rendered())
    }

    /// The operation's clock time, in UTC, to the second.
    static func time(_ id: OperationID) -> String {
        let date = Date(timeIntervalSince1970: Double(id.timestamp.milliseconds) / 1000)
        return date.formatted(.iso8601)
    }
}
