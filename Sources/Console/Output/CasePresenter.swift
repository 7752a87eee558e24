import Casework

/// How cases look in JSON (codes, stable keys) and as text (labels).
struct CasePresenter {
    let book: Casebook
    let caseloads: CaseloadNames
    var labels: Labels { caseloads.labels }

    func summaryJSON(_ file: CaseFile) -> JSONValue {
        .object([
            ("ref", .string(file.ref)),
            ("caseload", .string(caseloads.code(file.caseload))),
            ("organisation", .string(book.organisationName(file.organisation))),
            ("opened", .optional(file.opened)),
            ("closed", .optional(file.closed)),
            ("status", .string(file.status)),
            ("channel", .optional(file.channel)),
            ("reporter_role", .optional(file.reporterRole)),
            ("other_party", .optional(file.otherParty)),
            ("formal_step", .optional(file.formalStep)),
            ("counsellor_role", .optional(file.counsellorRole)),
            ("categories", .strings(file.categories)),
            ("integrity_types", .strings(file.integrityTypes)),
            ("referrals", .strings(file.referrals)),
            ("has_conflicts", .bool(!file.conflicts.isEmpty)),
        ])
    }

    /// `ownKey`: whether the case has a key of its own here (Protocol/sync.md, "Which cases
    /// get a key"), which decides how far its destruction reaches.
    func fullJSON(_ file: CaseFile, ownKey: Bool) -> JSONValue {
        guard case .object(var members) = summaryJSON(file) else { return .null }
        members += [
            ("consent", .optional(file.consent)),
            ("consent_date", .optional(file.consentDate)),
            ("destroy_after", .optional(file.destroyAfter)),
            ("follow_up", .optional(file.followUp)),
            ("summary", .optional(file.summary.value)),
            ("outcome", .optional(file.outcome.value)),
            ("private_note", .optional(file.privateNote.value)),
            ("own_key", .bool(ownKey)),
            ("contacts", .array(book.contacts(of: file.id).map(contactJSON))),
            ("conflicts", .array(file.conflicts.map { conflict in
                .object([("field", .string(conflict.field)), ("versions", .strings(conflict.versions))])
            })),
        ]
        return .object(members)
    }

    func contactJSON(_ contact: Contact) -> JSONValue {
        .object([
            ("date", .string(contact.date)),
            ("channel", .optional(contact.channel)),
            ("minutes", .integer(contact.minutes)),
            ("purpose", .optional(contact.purpose)),
            ("follow_up", .optional(contact.followUp)),
            ("summary", .optional(contact.summary.value)),
        ])
    }

    func listTable(_ files: [CaseFile]) -> String {
        var table = Table([
            labels.text(nl: "KENMERK", en: "REF"), "CASELOAD", labels.text(nl: "ORGANISATIE", en: "ORGANISATION"),
            labels.text(nl: "GEOPEND", en: "OPENED"), "STATUS", labels.text(nl: "ONDERWERP", en: "CATEGORY"),
        ])
        for file in files {
            table.rows.append([
                file.ref + (file.conflicts.isEmpty ? "" : " !"), caseloads.name(file.caseload), book.organisationName(file.organisation),
                file.opened ?? "", labels.label(file.status, CaseStatus.self),
                labels.labels(file.categories, Category.self),
            ])
        }
        return table.rendered()
    }

    /// Every field of a case with its code, label and value as shown to a person.
    func fieldLines(_ file: CaseFile) -> [(code: String, label: String, value: String)] {
        let t: (String, String) -> String = { labels.text(nl: $0, en: $1) }
        return [
            (CaseField.ref, t("kenmerk", "ref"), file.ref),
            (CaseField.caseload, "caseload", caseloads.name(file.caseload)),
            (CaseField.organisation, t("organisatie", "organisation"), book.organisationName(file.organisation)),
            (CaseField.opened, t("geopend", "opened"), file.opened ?? ""),
            (CaseField.closed, t("gesloten", "closed"), file.closed ?? ""),
            (CaseField.status, "status", labels.label(file.status, CaseStatus.self)),
            (CaseField.channel, t("contactwijze", "channel"), labels.label(file.channel, Channel.self)),
            (CaseField.reporterRole, t("type melder", "reporter role"), labels.label(file.reporterRole, ReporterRole.self)),
            (CaseField.categories, t("onderwerp", "categories"), labels.labels(file.categories, Category.self)),
            (CaseField.integrityTypes, t("soort integriteitskwestie", "integrity types"), labels.labels(file.integrityTypes, IntegrityType.self)),
            (CaseField.otherParty, t("relatie tot veroorzaker", "other party"), labels.label(file.otherParty, OtherParty.self)),
            (CaseField.consent, t("toestemming", "consent"),
             [labels.label(file.consent, ConsentState.self), file.consentDate ?? ""].filter { !$0.isEmpty }.joined(separator: " ")),
            (CaseField.formalStep, t("formele stap", "formal step"), labels.label(file.formalStep, FormalStep.self)),
            (CaseField.counsellorRole, t("rol vertrouwenspersoon", "counsellor role"), labels.label(file.counsellorRole, CounsellorRole.self)),
            (CaseField.referrals, t("doorverwijzing", "referrals"), labels.labels(file.referrals, Referral.self)),
            (CaseField.destroyAfter, t("vernietigen na", "destroy after"), file.destroyAfter ?? ""),
            (CaseField.followUp, t("terugkomen op", "follow up on"), file.followUp ?? ""),
            (CaseField.summary, t("samenvatting", "summary"), file.summary.value ?? ""),
            (CaseField.outcome, t("uitkomst", "outcome"), file.outcome.value ?? ""),
            (CaseField.privateNote, t("werkaantekening", "private note"), file.privateNote.value ?? ""),
        ]
    }

    func detail(_ file: CaseFile, ownKey: Bool) -> String {
        let t: (String, String) -> String = { labels.text(nl: $0, en: $1) }
        var lines = fieldLines(file).map { ($0.label, $0.value) }
        let contacts = book.contacts(of: file.id)
        lines.append((t("gesprekken", "contacts"), String(contacts.count)))
        lines.append((t("eigen sleutel", "own key"), ownKey ? t("ja", "yes") : t("nee", "no")))
        let width = lines.map(\.0.count).max() ?? 0
        // A text of several lines continues indented under its value, so no line of it can
        // pass for a field of its own.
        let indent = "\n" + String(repeating: " ", count: width + 2)
        var text = lines.map { $0.0 + String(repeating: " ", count: width - $0.0.count) + "  "
            + DisplayText.block($0.1).replacingOccurrences(of: "\n", with: indent) }
            .joined(separator: "\n") + "\n"
        for (number, contact) in contacts.enumerated() {
            text += "  \(number + 1). \(DisplayText.line(contact.date))  \(labels.label(contact.channel, Channel.self))  \(contact.minutes) min"
            if contact.purpose != nil { text += "  \(labels.label(contact.purpose, ConversationKind.self))" }
            if let day = contact.followUp { text += labels.text(nl: "  terugkomen op \(DisplayText.line(day))", en: "  follow up on \(DisplayText.line(day))") }
            text += contact.summary.value.map { "  \(DisplayText.line($0))" } ?? ""
            text += "\n"
        }
        for conflict in file.conflicts {
            text += t("CONFLICT in \(conflict.field) (los op met 'vp case resolve \(file.ref) \(conflict.field) --keep N'):\n",
                      "CONFLICT in \(conflict.field) (settle with 'vp case resolve \(file.ref) \(conflict.field) --keep N'):\n")
            for (index, version) in conflict.versions.enumerated() {
                text += "  [\(index + 1)] \(DisplayText.block(version).replacingOccurrences(of: "\n", with: "\n      "))\n"
            }
        }
        return text
    }
}

extension Labels {
    func text(_ nl: String, _ en: String) -> String { text(nl: nl, en: en) }
}
