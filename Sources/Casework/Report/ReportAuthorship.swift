/// Who gives the report and when: the counsellor's name and contact (`vp profile`) and the
/// day it was written; for a finalised report the day it was finalised, so that it never
/// changes. Nothing here is about a case.
public struct ReportAuthorship: Sendable, Hashable {
    public var counsellor: String?
    public var contact: String?
    /// YYYY-MM-DD.
    public var written: String?

    public init(counsellor: String? = nil, contact: String? = nil, written: String? = nil) {
        self.counsellor = counsellor.flatMap(Self.given)
        self.contact = contact.flatMap(Self.given)
        self.written = written
    }

    /// nil for an empty or blank text: the setting was cleared.
    private static func given(_ text: String) -> String? {
        text.allSatisfy(\.isWhitespace) ? nil : text
    }
}
