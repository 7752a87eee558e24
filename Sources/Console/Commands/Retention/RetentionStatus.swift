import ArgumentParser
import Casework
import Register

struct RetentionStatus: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Per destroyed case: who destroyed it when, and which devices confirmed they erased it.",
        discussion: "A device confirms after it synced and erased the case. A device that never syncs again keeps its copy: see README, Destruction.")

    @OptionGroup var vault: VaultOptions
    @OptionGroup var options: OutputOptions

    func execute(in context: CommandContext) async throws {
        let statuses = try context.register(vault).destructionStatus()
        let labels = Labels(language: options.language(context))
        var table = Table([labels.text(nl: "REF", en: "REF"), labels.text(nl: "VERNIETIGD", en: "DESTROYED"), labels.text(nl: "DOOR", en: "BY"),
                           labels.text(nl: "APPARAAT", en: "DEVICE"), labels.text(nl: "COUNSELLOR", en: "COUNSELLOR"),
                           labels.text(nl: "BEVESTIGD", en: "CONFIRMED")])
        for status in statuses {
            for (index, device) in status.devices.enumerated() {
                table.rows.append([index == 0 ? status.ref : "", index == 0 ? status.destroyedOn : "", index == 0 ? status.orderedBy : "",
                                   device.device.description, device.counsellor ?? "",
                                   device.confirmed ?? (device.isReader ? labels.text(nl: "lezer: kan niet bevestigen", en: "reader: cannot confirm")
                                                                        : labels.text(nl: "wacht", en: "waiting"))])
            }
        }
        context.emit(options, json: .array(statuses.map { status in
            .object([
                ("ref", .string(status.ref)), ("destroyed", .string(status.destroyedOn)), ("by", .string(status.orderedBy)),
                ("devices", .array(status.devices.map { device in
                    .object([("device", .string(device.device.description)), ("counsellor", device.counsellor.map(JSONValue.string) ?? .null),
                             ("confirmed", device.confirmed.map(JSONValue.string) ?? .null), ("reader", .bool(device.isReader))])
                })),
            ])
        }), text: statuses.isEmpty ? labels.text(nl: "Nog geen zaken vernietigd.\n", en: "No cases destroyed yet.\n") : table.rendered())
    }
}
