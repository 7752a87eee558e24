/// One `+code` or `-code` of `vp case tag`. A bare code is looked up among categories,
/// then integrity types, then referrals; `integrity:` or `referral:` picks the set.
public struct TagChange: Hashable, Sendable {
    public let adds: Bool
    public let field: String
    public let code: String

    public static func parse(_ text: String) throws(CaseworkError) -> TagChange {
        guard let sign = text.first, sign == "+" || sign == "-", text.count > 1 else { throw .invalidTag(text) }
        let body = text.dropFirst().lowercased()
        let parts = body.split(separator: ":", maxSplits: 1).map(String.init)
        if parts.count == 2 {
            switch parts[0] {
            case "category": return TagChange(adds: sign == "+", field: CaseField.categories, code: try Category.parse(parts[1]).code)
            case "integrity": return TagChange(adds: sign == "+", field: CaseField.integrityTypes, code: try IntegrityType.parse(parts[1]).code)
            case "referral": return TagChange(adds: sign == "+", field: CaseField.referrals, code: try Referral.parse(parts[1]).code)
            default: throw .invalidTag(text)
            }
        }
        if Category(rawValue: body) != nil { return TagChange(adds: sign == "+", field: CaseField.categories, code: body) }
        if IntegrityType(rawValue: body) != nil { return TagChange(adds: sign == "+", field: CaseField.integrityTypes, code: body) }
        if Referral(rawValue: body) != nil { return TagChange(adds: sign == "+", field: CaseField.referrals, code: body) }
        // A label as lists show it (`+pesten`), in the same order.
        if let category = try? Category.parse(body) { return TagChange(adds: sign == "+", field: CaseField.categories, code: category.code) }
        if let type = try? IntegrityType.parse(body) { return TagChange(adds: sign == "+", field: CaseField.integrityTypes, code: type.code) }
        if let referral = try? Referral.parse(body) { return TagChange(adds: sign == "+", field: CaseField.referrals, code: referral.code) }
        throw .unknownCode(field: "tag", given: body, valid: Category.codes + IntegrityType.codes.map { "integrity:" + $0 } + Referral.codes.map { "referral:" + $0 })
    }
}
