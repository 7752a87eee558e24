import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import ServiceLifecycle

/// Builds the relay: routes, storage and logging. Logs name methods, paths and statuses,
/// never bodies.
public enum RelayApplication {
    public static func build(
        configuration: RelayConfiguration, logger: Logger,
        now: @escaping @Sendable () -> UInt64 = { UInt64(Date().timeIntervalSince1970 * 1000) },
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws -> Application<RouterResponder<BasicRequestContext>> {
        let router: Router<BasicRequestContext>
        var services: [any Service] = []
        var migration: (@Sendable () async throws -> Void)?
        let news = CaseloadNews()
        if let address = configuration.database {
            let repository = PostgresRelayRepository(address: address, news: news, logger: logger)
            router = buildRouter(repository: repository, configuration: configuration, news: news, now: now)
            services.append(repository)
            migration = { try await repository.migrate() }
        } else {
            let repository = try SQLiteRelayRepository(directory: configuration.dataDirectory, maximumBytes: configuration.maximumDatabaseBytes)
            router = buildRouter(repository: repository, configuration: configuration, news: news, now: now)
        }
        var application = Application(
            router: router,
            server: try server(configuration),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "vp-relay"),
            services: services,
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? configuration.port) },
            logger: logger)
        // The database's client runs as a service; the schema is ready before the first request.
        if let migration { application.beforeServerStarts(perform: migration) }
        return application
    }

    /// HTTP/1.1, over TLS when a certificate and key are configured. A connection that says
    /// nothing for a while (half a header, or no request at all) is closed.
    static func server(_ configuration: RelayConfiguration) throws -> HTTPServerBuilder {
        let http1 = HTTPServerBuilder.http1(configuration: .init(idleTimeout: .seconds(Int64(configuration.idleTimeoutSeconds))))
        guard let certificate = configuration.tlsCertificate, let key = configuration.tlsKey else { return http1 }
        let chain: [NIOSSLCertificate]
        let privateKey: NIOSSLPrivateKey
        do {
            chain = try NIOSSLCertificate.fromPEMFile(certificate)
            privateKey = try NIOSSLPrivateKey(file: key, format: .pem)
        } catch {
            throw RelayStartError.tls("cannot read the certificate \(certificate) or key \(key) as PEM")
        }
        guard !chain.isEmpty else { throw RelayStartError.tls("\(certificate) holds no certificate") }
        let tls = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(privateKey))
        return try .tls(http1, tlsConfiguration: tls)
    }

    public static func buildRouter<Repository: RelayRepository>(
        repository: Repository, configuration: RelayConfiguration, news: CaseloadNews = CaseloadNews(),
        now: @escaping @Sendable () -> UInt64
    ) -> Router<BasicRequestContext> {
        let router = Router()
        let metrics = RelayMetrics()
        router.add(middleware: RequestRecorder(metrics: metrics))
        let health = StorageHealth()
        router.add(middleware: StorageFailureAnswer(health: health))
        router.get("healthz") { _, _ in
            // Still 200 when full: reads are served; the operator's monitoring reads the status.
            guard let since = health.full else { return try JSONResponse.make(["status": "ok"]) }
            return try JSONResponse.make(["status": "degraded", "storage": "full since \(since.formatted(.iso8601))"])
        }
        if configuration.servesMetrics {
            router.get("metrics") { _, _ in
                let text = metrics.exposition(storedBytes: try await repository.storedBytes(), waiting: news.waiting)
                return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                                body: ResponseBody(byteBuffer: ByteBuffer(bytes: text)))
            }
        }
        let authenticator = RequestAuthenticator(
            repository: repository, limiter: RateLimiter(perMinute: configuration.requestsPerMinute), now: now)
        let service = RelayService(repository: repository, configuration: configuration, news: news, now: now)
        CaseloadController<Repository>(service: service, authenticator: authenticator).addRoutes(to: router.group("v1/caseloads"))
        LinkController<Repository>(service: service, authenticator: authenticator).addRoutes(to: router.group("v1/links"))
        return router
    }
}
