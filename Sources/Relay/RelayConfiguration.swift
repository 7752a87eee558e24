import Foundation

/// What an operator can set when starting `vp-relay serve`.
public struct RelayConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Folder of `relay.sqlite`, the default storage.
    public var dataDirectory: URL
    /// A PostgreSQL database instead of SQLite, for several relay instances.
    public var database: PostgresAddress?
    /// The largest envelope accepted, in bytes (413 above).
    public var maximumEnvelopeBytes: Int
    /// Total envelope bytes one caseload may store (403 quota_exceeded above).
    public var caseloadQuotaBytes: Int64
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
        database: PostgresAddress? = nil
    ) {
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
