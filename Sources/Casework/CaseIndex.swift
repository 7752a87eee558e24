import Replica

/// What the vault indexes about the counsellor's records, so a command that reads or
/// changes one case opens that case and what it needs, not the whole register: a case by its
/// reference, an organisation by its name, a case's conversations, and the highest case
/// number given out per year (the next reference).
public struct CaseIndex: RecordIndexing {
    public let version = 8

    public init() {}

    public func entries(of state: RecordState, id: RecordID) -> RecordIndexEntries {
        if let order = DestroyedCase(id: id, state: state) {
            // Found by its reference, and it keeps that number from being given out again.
            var counters: [String: Int] = [:]
            if let (year, number) = Self.parts(of: order.ref) { counters[Self.referenceCounter(year: year)] = number }
            return RecordIndexEntries(terms: [Self.referenceTerm(order.ref), Self.destroyedCasesTerm], counters: counters)
        }
        if let handover = Handover(id: id, state: state) {
            // References handed away stay taken here too (their cases leave this vault).
            var counters: [String: Int] = [:]
            for ref in handover.refs {
                if let (year, number) = Self.parts(of: ref) { counters[Self.referenceCounter(year: year)] = max(counters[Self.referenceCounter(year: year)] ?? 0, number) }
            }
            return RecordIndexEntries(terms: [Self.handoversTerm], counters: counters)
        }
        // A removed organisation's name may be used again. A conversation taken back stays
        // found with its case: destroying or handing over the case must reach it too.
        if RecordKind.isRemoved(state), RecordLookup.kind(state) == .organisation { return RecordIndexEntries() }
        switch RecordLookup.kind(state) {
        case .case?:
            guard let ref = state.string(CaseField.ref) else { return RecordIndexEntries() }
            var counters: [String: Int] = [:]
            if let (year, number) = Self.parts(of: ref) { counters[Self.referenceCounter(year: year)] = number }
            return RecordIndexEntries(terms: [Self.referenceTerm(ref)], counters: counters)
        case .organisation?:
            guard let name = state.string("name") else { return RecordIndexEntries() }
            return RecordIndexEntries(terms: [Self.organisationTerm(name)], counters: [Self.organisationsCounter: 1])
        case .contact?:
            guard let parent = state.string("case") else { return RecordIndexEntries() }
            return RecordIndexEntries(terms: [Self.contactsTerm(parent)])
        case .counsellor?:
            return RecordIndexEntries(terms: [Self.profilesTerm])
        case .sharedCaseload?:
            return RecordIndexEntries(terms: [Self.sharedCaseloadsTerm])
        default:
            return RecordIndexEntries()
        }
    }

    // MARK: What commands ask for

    /// The case shown as `ref`, and every case sharing its number (they decide the letters).
    public static func caseNeeds(ref: String) -> RecordNeeds {
        RecordNeeds(terms: Array(Set([referenceTerm(ref), referenceTerm(baseReference(ref))])))
    }

    /// What opening a case needs: its organisation and the year's counter.
    public static func openingNeeds(organisation: String, year: Int) -> RecordNeeds {
        RecordNeeds(terms: [organisationTerm(organisation)], counters: [referenceCounter(year: year), organisationsCounter])
    }

    /// What showing a case needs besides the case: its organisation, conversations and the
    /// names co-counsellors gave themselves.
    public static func detailNeeds(of file: CaseFile) -> RecordNeeds {
        RecordNeeds(terms: [contactsTerm(file.id.description), profilesTerm], records: file.organisation.map { [$0] } ?? [])
    }

    /// Every destruction order (with its receipts).
    public static let destructionNeeds = RecordNeeds(terms: [destroyedCasesTerm])

    /// Every handover record, given or received.
    public static let handoverNeeds = RecordNeeds(terms: [handoversTerm])

    /// Cases and their conversations, by the cases' ids: what destroying or handing them over reaches.
    public static func contentNeeds(of cases: [RecordID]) -> RecordNeeds {
        RecordNeeds(terms: cases.map { contactsTerm($0.description) }, records: cases)
    }

    /// Every counsellor profile (display names).
    public static let profileNeeds = RecordNeeds(terms: [profilesTerm])

    /// The shared caseloads told to the counsellor's own devices.
    public static let sharedCaseloadNeeds = RecordNeeds(terms: [sharedCaseloadsTerm])

    // MARK: Terms

    static let profilesTerm = "counsellors"
    static let sharedCaseloadsTerm = "shared-caseloads"
    static let destroyedCasesTerm = "destroyed-cases"
    static let handoversTerm = "handovers"
    /// 1 once any organisation exists: the error for an unknown name says whether to list them.
    static let organisationsCounter = "organisations"

    static func referenceTerm(_ ref: String) -> String { "ref:" + ref }

    static func organisationTerm(_ name: String) -> String { "organisation:" + name.trimmingCharacters(in: .whitespaces).lowercased() }

    public static func contactsTerm(_ caseID: String) -> String { "contacts:" + caseID }

    static func referenceCounter(year: Int) -> String { "reference:\(year)" }

    /// `2026-014` → (2026, 14); nil for a reference of another shape.
    static func parts(of ref: String) -> (year: Int, number: Int)? {
        let pieces = ref.split(separator: "-", maxSplits: 1)
        // At most 9 digits: a colleague's absurd reference must not overflow the next number.
        guard pieces.count == 2, pieces[1].count <= 9, let year = Int(pieces[0]), let number = Int(pieces[1]) else { return nil }
        return (year, number)
    }

    /// A reference without the letter that tells apart cases given the same number offline:
    /// `2026-005b` → `2026-005`, `2026-005-27` → `2026-005`.
    static func baseReference(_ ref: String) -> String {
        let pieces = ref.split(separator: "-", omittingEmptySubsequences: false)
        guard pieces.count >= 2 else { return ref }
        let number = pieces[1].prefix { $0.isNumber }
        return "\(pieces[0])-\(number)"
    }
}
