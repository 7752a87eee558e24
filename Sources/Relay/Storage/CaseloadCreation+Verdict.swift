extension CaseloadCreation {
    /// What a storage does with a new caseload, given what it read inside its transaction.
    enum Verdict: Equatable {
        case refuse(MembershipAppend)
        /// Create it; first enrol the owner, with the token when `useToken`.
        case create(enrol: Bool, useToken: Bool)
    }

    /// The one rule both storages apply: an enrolled counsellor, or one who brings a usable
    /// token (or any, under open enrolment), may create caseloads up to the limit.
    func verdict(enrolled: Bool, tokenUsable: Bool, owned: Int) -> Verdict {
        if !enrolled && !tokenUsable && !openEnrolment { return .refuse(.enrolmentRequired) }
        if owned >= caseloadLimit { return .refuse(.caseloadLimitReached) }
        return .create(enrol: !enrolled, useToken: !enrolled && tokenUsable)
    }
}
