import ArgumentParser
import Casework
import Sync

struct HandoverList: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "The handovers you gave and received: when, from whom, to whom, which cases, accepted or not.")

    @OptionGroup var vault: VaultOptions
    @OptionGroup var options: OutputOptions

    func execute(in context: CommandContext) async throws {
        let opened = try context.vault(vault)
        let register = try context.register(vault)
        let book = Casebook(records: try opened.records(CaseIndex.handoverNeeds))
        let labels = Labels(language: options.language(context))
        var names = try register.counsellorNames()
        let home = try Caseload.home(of: opened)
        names[home.counsellor.description] = labels.text(nl: "jij", en: "you")
        let caseloads = try CaseloadNames(vault: opened, labels: labels)
        func name(_ id: String?) -> String { id.flatMap { names[$0] ?? String($0.prefix(8)) } ?? "?" }
        // Only what the named counsellors' own devices wrote counts (membership logs say whose a device is).
        let owners = try Caseload.counsellorsByDevice(in: opened).mapValues(\.description)
        let authentic = book.handovers.filter { owners[$0.writtenBy] == $0.from }
        // A handover given shows once, from the own copy, with the acceptance its copy in the caseload received.
        let shown = authentic.filter { $0.caseload == nil || $0.from != home.counsellor.description }
        func accepted(_ handover: Handover) -> String? {
            let copy = handover.caseload != nil ? handover : authentic.first {
                $0.caseload == handover.via && $0.from == handover.from && $0.to == handover.to && Set($0.cases) == Set(handover.cases)
            }
            guard let copy, let writer = copy.acceptedBy, owners[writer] == copy.to else { return nil }
            return copy.accepted
        }
        var table = Table([labels.text(nl: "DATUM", en: "DATE"), labels.text(nl: "VAN", en: "FROM"), labels.text(nl: "AAN", en: "TO"),
                           "CASELOAD", labels.text(nl: "ZAKEN", en: "CASES"), labels.text(nl: "AANVAARD", en: "ACCEPTED")])
        table.rows = shown.map { handover in
            [handover.date, name(handover.from), name(handover.to), caseloads.name(handover.caseload ?? handover.via),
             handover.refs.joined(separator: ", "), accepted(handover) ?? labels.text(nl: "nog niet", en: "not yet")]
        }
        context.emit(options, json: .array(shown.map { handover in
            .object([("date", .string(handover.date)), ("from", .string(handover.from)), ("to", .string(handover.to ?? "")),
                     ("caseload", .string(caseloads.code(handover.caseload ?? handover.via))), ("refs", .array(handover.refs.map(JSONValue.string))),
                     ("accepted", accepted(handover).map(JSONValue.string) ?? .null)])
        }), text: shown.isEmpty ? labels.text(nl: "Geen overdrachten.\n", en: "No handovers.\n") : table.rendered())
    }
}
