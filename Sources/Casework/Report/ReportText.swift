import Foundation

/// The words of the annual report in Dutch or English; shared by every format.
struct ReportText {
    let language: Language
    let threshold: Int

    func t(_ nl: String, _ en: String) -> String { language == .nl ? nl : en }

    var title: String { t("Jaarverslag vertrouwenspersoon", "Annual report of the confidential counsellor") }

    func intro(_ report: AnnualReport) -> String {
        t("Dit verslag is anoniem en niet herleidbaar naar personen. Aantallen van 1 tot \(threshold - 1) staan er als \"< \(threshold)\"; met \"x\" is een aantal verborgen zodat een klein aantal niet uit de rest valt af te leiden. Onderdelen worden niet met elkaar gekruist\(report.roleParts.isEmpty ? "" : ", behalve met de rol van de vertrouwenspersoon: de zaken staan per rol, niet ook samen").",
          "This report is anonymous and cannot be traced back to persons. Counts from 1 to \(threshold - 1) appear as \"< \(threshold)\"; \"x\" marks a count hidden so that a small count cannot be worked out from the others. Breakdowns are never crossed\(report.roleParts.isEmpty ? "" : ", except with the counsellor's role: the cases are given per role, not also together").")
    }

    var periodLabel: String { t("Periode", "Period") }
    func period(_ year: Int) -> String { t("1 januari t/m 31 december \(year)", "1 January to 31 December \(year)") }
    var counsellorLabel: String { t("Vertrouwenspersoon", "Confidential counsellor") }
    var contactLabel: String { t("Bereikbaar via", "Contact") }
    var writtenLabel: String { t("Opgesteld op", "Written on") }

    /// The header lines: period, counsellor, contact, date written (those that are known).
    func about(_ report: AnnualReport) -> [(label: String, value: String)] {
        let author = report.authorship
        return [(periodLabel, period(report.year))]
            + (author.counsellor.map { [(counsellorLabel, $0)] } ?? [])
            + (author.contact.map { [(contactLabel, $0)] } ?? [])
            + (author.written.map { [(writtenLabel, date($0))] } ?? [])
    }

    /// "2026-11-26" as "26 november 2026" / "26 November 2026".
    func date(_ day: String) -> String {
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]) else { return day }
        let nl = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"]
        let en = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        return "\(parts[2]) \(t(nl[parts[1] - 1], en[parts[1] - 1])) \(parts[0])"
    }

    /// Says what the comparison column is; nil without one.
    func comparison(_ report: AnnualReport) -> String? {
        guard let last = report.previous else { return nil }
        return t("Ter vergelijking staan de cijfers van \(last.year) ernaast, zoals het verslag over \(last.year) ze gaf. Een verschil staat er alleen waar beide jaren een aantal tonen: naast een verborgen aantal zou het dat aantal verraden.",
                 "For comparison the figures of \(last.year) stand beside them, as the \(last.year) report gave them. A change is given only where both years show a count: beside a hidden count it would give that count away.")
    }

    var change: String { t("Verschil", "Change") }

    /// A change with its sign ("+3", "−2", "0"); empty when there is none to give.
    func change(_ value: Int?) -> String {
        guard let value else { return "" }
        return value > 0 ? "+\(value)" : value < 0 ? "−\(-value)" : "0"
    }

    /// Last year's cell beside a figure, e.g. "2025: 9, +3" ("2025: < 5" when hidden then).
    func previous(_ current: Suppression.Cell, _ previous: Suppression.Cell?, of last: PreviousYear) -> String? {
        guard let previous else { return nil }
        let shown = ReportText(language: language, threshold: last.threshold).cell(previous)
        let difference = change(PreviousYear.change(current, previous))
        return "\(last.year): \(shown)" + (difference.isEmpty ? "" : ", \(difference)")
    }

    var pageLabel: (page: String, of: String) { (t("Pagina", "Page"), t("van", "of")) }

    func fewCases(_ report: AnnualReport) -> String {
        report.casesOpened == .shown(0)
            ? t("In \(report.year) is er vanuit deze organisatie geen beroep gedaan op de vertrouwenspersoon.",
                "In \(report.year) nobody from this organisation turned to the confidential counsellor.")
            : t("In \(report.year) is er vanuit deze organisatie minimaal beroep gedaan op de vertrouwenspersoon. Omdat het een klein aantal meldingen betreft, kan er geen nadere toelichting worden gegeven zonder het risico op herleidbaarheid te lopen.",
                "In \(report.year) very few people from this organisation turned to the confidential counsellor. Because the number is small, no further detail can be given without the risk of tracing it back to persons.")
    }

    var withheld: String {
        t("Deze uitsplitsing wordt niet gegeven: de aantallen zijn te klein om ze onherleidbaar te tonen.",
          "This breakdown is not given: its counts are too small to show without tracing them to persons.")
    }
    var casesHeading: String { t("Meldingen", "Cases") }
    var casesOpened: String { t("Nieuwe meldingen", "Cases opened") }
    var workHeading: String { t("Gesprekken en inzet", "Conversations and time") }
    var contacts: String { t("Gesprekken", "Conversations") }
    var supportHours: String { t("Uren opvang en begeleiding", "Hours of support") }
    var activityHours: String { t("Uren voorlichting en preventie", "Hours of information and prevention") }
    var audience: String { t("Bereikt met voorlichting en preventie (personen)", "Reached by information and prevention (people)") }
    var activitiesHeading: String { t("Voorlichting en preventie", "Information and prevention") }
    var noActivities: String { t("Er waren dit jaar geen activiteiten.", "There were no activities this year.") }
    var signalsHeading: String { t("Signalen", "Signals") }
    var noSignals: String { t("Er zijn dit jaar geen signalen vastgelegd.", "No signals were recorded this year.") }
    var count: String { t("Aantal", "Count") }
    var columns: (date: String, kind: String, hours: String, audience: String, topic: String, theme: String) {
        (t("Datum", "Date"), t("Soort", "Kind"), t("Uren", "Hours"), t("Bereik", "Audience"), t("Onderwerp", "Topic"), t("Thema", "Theme"))
    }

    func dimension(_ code: String) -> String {
        switch code {
        case "category": t("Onderwerp", "Subject")
        case "reporter_role": t("Type melder", "Reporter")
        case "other_party": t("Relatie tot veroorzaker", "Relation to the other party")
        case "channel": t("Contactwijze", "Channel")
        case "formal_step": t("Formele stap", "Formal step")
        case "referral": t("Doorverwijzing", "Referral")
        case "purpose": t("Soort gesprek (per gesprek)", "Kind of conversation (per conversation)")
        default: code
        }
    }

    func label(_ code: String, in dimension: String) -> String {
        if code == AnnualReport.unrecorded { return t("niet vastgelegd", "not recorded") }
        let label: String? = switch dimension {
        case "category": Category(rawValue: code)?.label(language)
        case "reporter_role": ReporterRole(rawValue: code)?.label(language)
        case "other_party": OtherParty(rawValue: code)?.label(language)
        case "channel": Channel(rawValue: code)?.label(language)
        case "formal_step": FormalStep(rawValue: code)?.label(language)
        case "referral": Referral(rawValue: code)?.label(language)
        case "purpose": ConversationKind(rawValue: code)?.label(language)
        case "counsellor_role": CounsellorRole(rawValue: code)?.label(language)
        default: nil
        }
        return label ?? code
    }

    /// The heading of one role's part of the cases.
    func roleHeading(_ code: String) -> String {
        t("Rol vertrouwenspersoon: ", "Counsellor's role: ") + label(code, in: "counsellor_role")
    }

    func activityKind(_ code: String) -> String { ActivityKind(rawValue: code)?.label(language) ?? code }
    func theme(_ code: String) -> String { Category(rawValue: code)?.label(language) ?? code }

    func cell(_ cell: Suppression.Cell) -> String {
        switch cell {
        case .shown(let value): String(value)
        case .small: "< \(threshold)"
        case .complementary: "x"
        }
    }

    func hours(_ value: Double) -> String {
        let text = value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
        return language == .nl ? text.replacingOccurrences(of: ".", with: ",") : text
    }
}
