/// The narrative sections of the annual report: trends and signals, and the advice themes
/// of the counsellors' reports (seed 004).
public enum ReportSection: String, CodeList {
    case trends, findability, information, route, accessibility, attention
    public static let fieldName = "section"
    public var dutch: String {
        switch self {
        case .trends: "Trends en signalen"
        case .findability: "Vindbaarheid"
        case .information: "Voorlichting"
        case .route: "Meldroute"
        case .accessibility: "Toegankelijkheid"
        case .attention: "Aandachtspunten"
        }
    }
    public var english: String {
        switch self {
        case .trends: "Trends and signals"
        case .findability: "Findability"
        case .information: "Information"
        case .route: "Reporting route"
        case .accessibility: "Accessibility"
        case .attention: "Points of attention"
        }
    }
}
