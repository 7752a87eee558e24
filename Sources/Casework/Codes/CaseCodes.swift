/// How the person made contact (contactwijze).
public enum Channel: String, CodeList {
    case inPerson = "in_person", phone, video, email
    public static let fieldName = "channel"
    public var dutch: String {
        switch self {
        case .inPerson: "persoonlijk"
        case .phone: "telefonisch"
        case .video: "online"
        case .email: "e-mail"
        }
    }
    public var english: String {
        switch self {
        case .inPerson: "in person"
        case .phone: "phone"
        case .video: "video"
        case .email: "email"
        }
    }
}

/// Who came to the counsellor (type melder).
public enum ReporterRole: String, CodeList {
    case employee, manager, witness, formerEmployee = "former_employee", contractor, intern, other
    public static let fieldName = "reporter_role"
    public var dutch: String {
        switch self {
        case .employee: "medewerker"
        case .manager: "leidinggevende"
        case .witness: "getuige"
        case .formerEmployee: "oud-medewerker"
        case .contractor: "externe kracht"
        case .intern: "stagiair"
        case .other: "overig"
        }
    }
    public var english: String {
        switch self {
        case .formerEmployee: "former employee"
        default: rawValue
        }
    }
}

/// What the case is about (onderwerp).
public enum Category: String, CodeList {
    case bullying, sexualHarassment = "sexual_harassment", aggressionViolence = "aggression_violence"
    case discrimination, intimidation, workPressure = "work_pressure", integrity
    case wrongdoingSuspicion = "wrongdoing_suspicion", other
    public static let fieldName = "category"
    public var dutch: String {
        switch self {
        case .bullying: "pesten"
        case .sexualHarassment: "seksuele intimidatie"
        case .aggressionViolence: "agressie en geweld"
        case .discrimination: "discriminatie"
        case .intimidation: "intimidatie"
        case .workPressure: "werkdruk"
        case .integrity: "integriteit"
        case .wrongdoingSuspicion: "vermoeden van een misstand"
        case .other: "overig"
        }
    }
    public var english: String {
        switch self {
        case .sexualHarassment: "sexual harassment"
        case .aggressionViolence: "aggression and violence"
        case .workPressure: "work pressure"
        case .wrongdoingSuspicion: "suspicion of wrongdoing"
        default: rawValue
        }
    }
}

/// The kind of integrity issue (soort integriteitskwestie).
public enum IntegrityType: String, CodeList {
    case fraud, theft, abuseOfPower = "abuse_of_power", conflictOfInterest = "conflict_of_interest"
    case corruption, other
    public static let fieldName = "integrity_type"
    public var dutch: String {
        switch self {
        case .fraud: "fraude"
        case .theft: "diefstal"
        case .abuseOfPower: "machtsmisbruik"
        case .conflictOfInterest: "belangenverstrengeling"
        case .corruption: "corruptie"
        case .other: "overig"
        }
    }
    public var english: String {
        switch self {
        case .abuseOfPower: "abuse of power"
        case .conflictOfInterest: "conflict of interest"
        default: rawValue
        }
    }
}

/// The relation to the person who caused it (relatie tot veroorzaker).
public enum OtherParty: String, CodeList {
    case manager, colleague, clientThirdParty = "client_third_party", unknown
    public static let fieldName = "other_party"
    public var dutch: String {
        switch self {
        case .manager: "leidinggevende"
        case .colleague: "collega"
        case .clientThirdParty: "klant of derde"
        case .unknown: "onbekend"
        }
    }
    public var english: String {
        switch self {
        case .clientThirdParty: "client or third party"
        default: rawValue
        }
    }
}

/// A formal step the employee took (formele stap); the counsellor only supports it.
public enum FormalStep: String, CodeList {
    case none, reportHR = "report_hr", complaintCommittee = "complaint_committee"
    case whistleblowerAuthority = "whistleblower_authority", police
    public static let fieldName = "formal_step"
    public var dutch: String {
        switch self {
        case .none: "geen"
        case .reportHR: "melding HR/leidinggevende"
        case .complaintCommittee: "klachtencommissie"
        case .whistleblowerAuthority: "Huis voor Klokkenluiders"
        case .police: "politie/aangifte"
        }
    }
    public var english: String {
        switch self {
        case .none: "none"
        case .reportHR: "report to HR/manager"
        case .complaintCommittee: "complaint committee"
        case .whistleblowerAuthority: "Whistleblowers Authority"
        case .police: "police report"
        }
    }
}

/// Where the counsellor referred the person (doorverwijzing).
public enum Referral: String, CodeList {
    case hr, companyDoctor = "company_doctor", socialWorker = "social_worker", mediation
    case complaintCommittee = "complaint_committee", whistleblowerAuthority = "whistleblower_authority"
    case police, careProvider = "care_provider", none
    public static let fieldName = "referral"
    public var dutch: String {
        switch self {
        case .hr: "HR"
        case .companyDoctor: "bedrijfsarts"
        case .socialWorker: "bedrijfsmaatschappelijk werk"
        case .mediation: "mediation"
        case .complaintCommittee: "klachtencommissie"
        case .whistleblowerAuthority: "Huis voor Klokkenluiders"
        case .police: "politie"
        case .careProvider: "hulpverlening"
        case .none: "geen"
        }
    }
    public var english: String {
        switch self {
        case .hr: "HR"
        case .companyDoctor: "company doctor"
        case .socialWorker: "social worker"
        case .complaintCommittee: "complaint committee"
        case .whistleblowerAuthority: "Whistleblowers Authority"
        case .careProvider: "care provider"
        default: rawValue
        }
    }
}

/// Whether a case is still being worked on.
public enum CaseStatus: String, CodeList {
    case open, closed
    public static let fieldName = "status"
    public var dutch: String { self == .open ? "open" : "gesloten" }
    public var english: String { rawValue }
}

/// Which of the two roles organisations distinguish the counsellor holds in a case (some hold
/// both for one organisation): undesirable behaviour, or integrity (including supporting a
/// whistle-blower).
public enum CounsellorRole: String, CodeList {
    case undesirableBehaviour = "undesirable_behaviour", integrity
    public static let fieldName = "counsellor_role"
    public var dutch: String { self == .integrity ? "integriteit" : "ongewenst gedrag" }
    public var english: String { self == .integrity ? "integrity" : "undesirable behaviour" }
}

/// The employee's consent, which the counsellor records explicitly with its date.
public enum ConsentState: String, CodeList {
    case given, withdrawn
    public static let fieldName = "consent"
    public var dutch: String { self == .given ? "gegeven" : "ingetrokken" }
    public var english: String { rawValue }
}

/// Prevention work for an organisation (voorlichting).
public enum ActivityKind: String, CodeList {
    case training, informationSession = "information_session", teamTalk = "team_talk"
    case policyAdvice = "policy_advice", managementMeeting = "management_meeting", other
    public static let fieldName = "kind"
    public var dutch: String {
        switch self {
        case .training: "training"
        case .informationSession: "voorlichtingsbijeenkomst"
        case .teamTalk: "teamgesprek"
        case .policyAdvice: "beleidsadvies"
        case .managementMeeting: "overleg met management"
        case .other: "overig"
        }
    }
    public var english: String {
        switch self {
        case .informationSession: "information session"
        case .teamTalk: "team talk"
        case .policyAdvice: "policy advice"
        case .managementMeeting: "management meeting"
        default: rawValue
        }
    }
}

/// What a conversation was (soort gesprek): the profession's kinds of support, counted in
/// the annual report.
public enum ConversationKind: String, CodeList {
    case intake, followUp = "follow_up", accompanyingManager = "accompanying_manager"
    case accompanyingOtherParty = "accompanying_other_party", referral, closing
    public static let fieldName = "purpose"
    public var dutch: String {
        switch self {
        case .intake: "intakegesprek"
        case .followUp: "vervolggesprek"
        case .accompanyingManager: "begeleiding naar gesprek met leidinggevende"
        case .accompanyingOtherParty: "begeleiding naar gesprek met de andere partij"
        case .referral: "doorverwijsgesprek"
        case .closing: "afsluitend gesprek"
        }
    }
    public var english: String {
        switch self {
        case .intake: "intake"
        case .followUp: "follow-up"
        case .accompanyingManager: "accompanying to a meeting with the manager"
        case .accompanyingOtherParty: "accompanying to a meeting with the other party"
        case .referral: "referral talk"
        case .closing: "closing talk"
        }
    }
}
