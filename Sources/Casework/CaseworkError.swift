import Foundation

/// Invalid input or a reference that does not exist. Messages name codes and references,
/// never case content.
public enum CaseworkError: Error, Equatable, LocalizedError {
    case unknownCode(field: String, given: String, valid: [String])
    case invalidDate(String)
    case invalidNumber(field: String, given: String)
    case numberOutOfRange(field: String, given: String, range: String)
    case textTooLong(field: String, bytes: Int, limit: Int)
    case emptyValue(field: String)
    /// A name that is too long or holds control characters or direction overrides.
    case unplainName(field: String)
    case unknownOrganisation(String, hasAny: Bool)
    case duplicateOrganisation(String)
    case unknownCase(String)
    case unknownField(String, valid: [String])
    case notConflicted(field: String, ref: String)
    case noSuchVersion(Int, count: Int)
    case invalidTag(String)
    case alreadyInStatus(ref: String, status: String)
    case conflictedMove(String)
    case reportFinalised(organisation: String, year: Int, on: String)
    /// A value that contradicts another of the case (dates out of order, `none` with a referral); the sentence says which.
    case contradicts(String)
    /// A register file that cannot be read as one (`vp import`).
    case invalidImport(String)
    case caseDestroyed(String, on: String)
    /// `vp case destroy` without `--force` on a case that is not closed or not yet counted in a finalised report.
    case notYetDestroyable(ref: String, reason: String)
    case confirmationMismatch(ref: String)
    case noSuchConversation(ref: String, number: Int, count: Int)
    /// An activity or signal id (or its start) that names none, or more than one.
    case unknownEntry(what: String, given: String)
    case organisationInUse(String, records: Int)

    public var errorDescription: String? {
        switch self {
        case .unknownCode(let field, let given, let valid):
            "Unknown \(field) '\(given)'; use one of: \(valid.joined(separator: ", "))."
        case .invalidDate(let given):
            "'\(given)' is not a valid date; write it as YYYY-MM-DD, e.g. 2026-03-14."
        case .invalidNumber(let field, let given):
            "'\(given)' is not a valid \(field); give a number of zero or more."
        case .textTooLong(let field, let bytes, let limit):
            "The \(field) text is \(bytes) bytes; at most \(limit) fit (about a thousand pages): shorten it or keep the rest elsewhere."
        case .numberOutOfRange(let field, let given, let range):
            "'\(given)' is not a valid \(field); give a number from \(range)."
        case .emptyValue(let field):
            "The \(field) is empty; give a value."
        case .unknownOrganisation(let name, let hasAny):
            // Other organisations' names are not listed: error text may end up in logs.
            hasAny
                ? "No organisation named '\(name)'; 'vp org list' shows the names, 'vp org add NAME' adds one."
                : "No organisation named '\(name)'; add it first with 'vp org add NAME'."
        case .duplicateOrganisation(let name):
            "An organisation named '\(name)' already exists; use it or choose another name."
        case .unknownCase(let ref):
            "No case with reference '\(ref)'; 'vp case list' shows the references."
        case .unknownField(let field, let valid):
            "'\(field)' is not a field you can set; use one of: \(valid.joined(separator: ", "))."
        case .notConflicted(let field, let ref):
            "The \(field) of case \(ref) has no conflict to resolve; change it with 'vp case set' instead."
        case .noSuchVersion(let number, let count):
            "There is no version \(number); choose a number from 1 to \(count) as shown by 'vp case show'."
        case .unplainName(let field):
            "The \(field) must be one line of plain text of at most \(PlainName.maximumLength) characters, without control characters or direction marks; type it again."
        case .invalidTag(let given):
            "'\(given)' is not a tag change; write +code to add or -code to remove, e.g. +bullying -other or +referral:hr."
        case .alreadyInStatus(let ref, let status):
            "Case \(ref) is already \(status); nothing was changed."
        case .conflictedMove(let ref):
            "Case \(ref) has a text in conflict; settle it with 'vp case resolve' before moving the case."
        case .invalidImport(let reason):
            "The register cannot be imported: \(reason)."
        case .contradicts(let sentence):
            sentence
        case .caseDestroyed(let ref, let day):
            "Case \(ref) was destroyed on \(day); nothing of it is kept but its reference and that line in the audit trail."
        case .notYetDestroyable(let ref, let reason):
            "Case \(ref) \(reason), or destroy it anyway with --force."
        case .noSuchConversation(let ref, let number, let count):
            count == 0
                ? "Case \(ref) has no conversations; 'vp contact add' records one."
                : "Case \(ref) has no conversation \(number); give a number from 1 to \(count) as 'vp case show \(ref)' lists them."
        case .unknownEntry(let what, let given):
            given.count < 4
                ? "Give at least the first 4 characters of the \(what)'s id ('\(given)' is shorter); 'vp \(what) list' shows the ids."
                : "No single \(what) has an id starting with '\(given)'; 'vp \(what) list' shows the ids."
        case .organisationInUse(let name, let records):
            "Organisation '\(name)' still has \(records) case(s), activities, signals or report texts; move or remove those first, or rename it instead."
        case .confirmationMismatch(let ref):
            "The confirmation did not match; type the reference \(ref) exactly to destroy the case, nothing was changed."
        case .reportFinalised(let organisation, let year, let day):
            "The \(year) report of \(organisation) was finalised on \(day) and no longer changes; write in the report of another year."
        }
    }
}
