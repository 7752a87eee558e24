import Hummingbird
import Logging

/// Logs one line per request — method, route, status, milliseconds — and counts it in the
/// metrics. The route is the pattern (`/v1/caseloads/{caseload}/envelopes`), so neither
/// caseload ids nor bodies reach the log.
struct RequestRecorder<Context: RequestContext>: RouterMiddleware {
    let metrics: RelayMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            record(request, context, status: response.status.code, since: start)
            return response
        } catch {
            record(request, context, status: (error as? any HTTPResponseError)?.status.code ?? 500, since: start)
            throw error
        }
    }

    private func record(_ request: Request, _ context: Context, status: Int, since start: ContinuousClock.Instant) {
        let duration = ContinuousClock.now - start
        let route = context.endpointPath ?? "unknown"
        metrics.record(route: route, method: request.method.rawValue, status: status, duration: duration)
        let milliseconds = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        let level: Logger.Level = status >= 500 ? .error : .info
        context.logger.log(level: level, "\(request.method.rawValue) \(route) \(status) \(Int(milliseconds)) ms")
    }
}
