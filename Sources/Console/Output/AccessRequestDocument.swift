import Casework

/// An access-request export as the person it is about reads it: the fields shown, their
/// conversations, and a line saying what was left out and why. JSON uses the field codes.
struct AccessRequestDocument {
    let request: AccessRequest
    let presenter: CasePresenter
    var labels: Labels { presenter.labels }

    var title: String {
        labels.text(nl: "Dossier \(request.file.ref): inzage voor de melder", en: "Case \(request.file.ref): copy for the person it is about")
    }

    var fields: [(code: String, label: String, value: String)] {
        // The counsellor's bookkeeping (caseload, destruction date) is not about the person.
        presenter.fieldLines(request.file).filter { request.shows($0.code) && ![CaseField.destroyAfter, CaseField.caseload].contains($0.code) }
    }

    /// What was left out, and why.
    var omissions: [String] {
        var lines = [labels.text(
            nl: "Niet opgenomen: de werkaantekening van de vertrouwenspersoon (een persoonlijk werkdocument, nooit deel van een inzage).",
            en: "Not included: the counsellor's private working note (a personal working document, never part of a copy).")]
        if !request.withheld.isEmpty {
            lines.append(labels.text(
                nl: "Weggelaten door de vertrouwenspersoon, omdat ze gegevens van anderen kunnen raken: \(request.withheld.joined(separator: ", ")).",
                en: "Withheld by the counsellor, as they may concern others: \(request.withheld.joined(separator: ", "))."))
        }
        return lines
    }

    func conversation(_ contact: Contact) -> String {
        var line = "\(contact.date)  \(labels.label(contact.channel, Channel.self))  \(contact.minutes) min"
        if request.shows(AccessRequest.contactSummaries), let text = contact.summary.value { line += "  " + text }
        return line
    }

    func json() -> JSONValue {
        .object([
            ("ref", .string(request.file.ref)),
            ("fields", .object(fields.map { ($0.code, .string($0.value)) })),
            ("contacts", .array(request.contacts.map { contact in
                .object([
                    ("date", .string(contact.date)), ("channel", .optional(contact.channel)), ("minutes", .integer(contact.minutes)),
                    ("summary", request.shows(AccessRequest.contactSummaries) ? .optional(contact.summary.value) : .null),
                ])
            })),
            ("left_out", .array(([CaseField.privateNote] + request.withheld).map { .string($0) })),
            ("note", .strings(omissions)),
        ])
    }

    func html() -> String {
        let escape = HTMLReport.escape
        var body = "<h1>\(escape(title))</h1>\n<table>\n"
        for field in fields {
            body += "<tr><th>\(escape(field.label))</th><td>\(escape(field.value).replacingOccurrences(of: "\n", with: "<br>"))</td></tr>\n"
        }
        body += "</table>\n<h2>\(escape(labels.text(nl: "Gesprekken", en: "Conversations")))</h2>\n<ul>\n"
        for contact in request.contacts { body += "<li>\(escape(conversation(contact)))</li>\n" }
        body += "</ul>\n" + omissions.map { "<p class=\"left-out\">\(escape($0))</p>\n" }.joined()
        return """
            <!DOCTYPE html>
            <html lang="\(labels.language.rawValue)"><head><meta charset="utf-8"><title>\(escape(title))</title>
            <style>body{font-family:sans-serif;max-width:44em;margin:2em auto}th{text-align:left;padding-right:1em;vertical-align:top}.left-out{font-style:italic}</style>
            </head><body>
            \(body)</body></html>

            """
    }

    func pdf() -> [UInt8] {
        let width = fields.map(\.label.count).max() ?? 0
        var lines = fields.map { $0.label.padding(toLength: width + 2, withPad: " ", startingAt: 0) + $0.value }
        lines += ["", labels.text(nl: "Gesprekken", en: "Conversations")] + request.contacts.map { "- " + conversation($0) }
        lines += [""] + omissions
        return PlainPDF.render(title: title, lines: lines)
    }
}
