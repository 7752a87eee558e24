import Foundation

/// What an operator can set when starting `vp-relay serve`.
public struct RelayConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Folder of `relay.sqlite`, the default storage.
    public var dataDirectory: URL
    /// A PostgreSQL database instead of SQLite, for several relay instances.
    public var database: PostgresAddress?
    /// Whether `/metrics` answers (Prometheus text); off unless the operator asks, since it
    /// needs no signature: keep it behind the proxy's access rules.
    public var servesMetrics: Bool
    /// The largest envelope accepted, in bytes (413 above).
    public var maximumEnvelopeBytes: Int
    /// Total envelope bytes one caseload may store (403 quota_exceeded above).
    public var caseloadQuotaBytes: Int64
    /// Total envelope bytes of all the caseloads one counsellor created (403 quota_exceeded).
    public var counsellorQuotaBytes: Int64
    /// Control envelope (key scope 2) bytes one reader device may store in one caseload
    /// (403 quota_exceeded above): readers write nothing else, and never without a bound.
    public var readerControlBytes: Int64
    /// Envelope bytes the whole relay may store (507 relay_full above); nil for no limit.
    public var relayQuotaBytes: Int64?
    /// Whether a counsellor may create caseloads without an enrolment token.
    public var openEnrolment: Bool
    /// Caseloads one counsellor may create (403 caseload_limit).
    public var caseloadsPerCounsellor: Int
    /// Link mailboxes one device may have open at once (429 mailbox_limit).
    public var mailboxesPerDevice: Int
    /// Signed requests one device may make per minute at one instance (429 rate_limited).
    public var requestsPerMinute: Int
    /// The largest the SQLite file may grow (as if the disk were that size); nil for no cap.
    public var maximumDatabaseBytes: Int64?
    /// A connection that sends nothing this long (half a header, or no request) is closed.
    public var idleTimeoutSeconds: Int
    /// Most envelopes returned by one pull.
    public var pageLimit: Int
    /// Largest request body, in bytes.
    public var maximumRequestBytes: Int
    /// PEM files of the certificate chain and its private key: with both, the relay speaks
    /// only HTTPS. Without, plain HTTP (behind a TLS proxy, or on loopback for tests).
    public var tlsCertificate: String?
    public var tlsKey: String?

    public init(
        host: String = "127.0.0.1", port: Int = 8080, dataDirectory: URL,
        maximumEnvelopeBytes: Int = 4 << 20, caseloadQuotaBytes: Int64 = 1 << 30, pageLimit: Int = 500,
        maximumRequestBytes: Int = 64 << 20, tlsCertificate: String? = nil, tlsKey: String? = nil,
        database: PostgresAddress? = nil, servesMetrics: Bool = false,
        counsellorQuotaBytes: Int64 = 8 << 30, relayQuotaBytes: Int64? = nil, openEnrolment: Bool = false,
        caseloadsPerCounsellor: Int = 100, mailboxesPerDevice: Int = 5, requestsPerMinute: Int = 1_200, idleTimeoutSeconds: Int = 30,
        maximumDatabaseBytes: Int64? = nil, readerControlBytes: Int64 = 1 << 20
    ) {
        self.readerControlBytes = readerControlBytes
        self.maximumDatabaseBytes = maximumDatabaseBytes
        self.idleTimeoutSeconds = idleTimeoutSeconds
        self.counsellorQuotaBytes = counsellorQuotaBytes
        self.relayQuotaBytes = relayQuotaBytes
        self.openEnrolment = openEnrolment
        self.caseloadsPerCounsellor = caseloadsPerCounsellor
        self.mailboxesPerDevice = mailboxesPerDevice
        self.requestsPerMinute = requestsPerMinute
        self.servesMetrics = servesMetrics
        self.database = database
        self.tlsCertificate = tlsCertificate
        self.tlsKey = tlsKey
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.maximumEnvelopeBytes = maximumEnvelopeBytes
        self.caseloadQuotaBytes = caseloadQuotaBytes
        self.pageLimit = pageLimit
        self.maximumRequestBytes = maximumRequestBytes
    }
}
