import Casework

/// What a command that changes one thing answers with `--json`: one shape for all of them,
/// so a script needs one parser. `ref` is the case when one is involved; `id` names the
/// changed thing itself when it is not the case (a conversation's number, an organisation,
/// an entry's id, a report section or year, a caseload, a colleague, a device).
struct EditAnswer {
    enum Subject: String {
        case `case`, contact, organisation, activity, signal, report, caseload, member, device
        case reportNote = "report_note"
    }

    let changed: Subject
    var ref: String? = nil
    var id: String? = nil

    var json: JSONValue {
        .object([("ok", .bool(true)), ("changed", .string(changed.rawValue)), ("ref", .optional(ref)), ("id", .optional(id))])
    }
}

extension CommandContext {
    func answer(_ options: OutputOptions, _ edit: EditAnswer, text: String) {
        emit(options, json: edit.json, text: text)
    }
}
