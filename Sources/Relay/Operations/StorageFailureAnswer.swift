import Hummingbird
import Logging

/// Turns a failure of the storage into an answer with a sentence instead of an empty 500:
/// 507 `storage_full` when the disk or database is full, else 503 `storage_unavailable`.
/// The log says which, never with content.
struct StorageFailureAnswer<Context: RequestContext>: RouterMiddleware {
    let health: StorageHealth

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            let response = try await next(request, context)
            if request.method != .get, response.status.code < 300 { health.wrote() }
            return response
        } catch let error as any HTTPResponseError {
            throw error
        } catch {
            let refusal = health.refusal(for: error)
            context.logger.error("Storage failed (\(refusal.code)): \(String(describing: type(of: error)))")
            throw refusal
        }
    }
}
