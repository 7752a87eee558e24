import Hummingbird
import Logging

/// Turns a failure of the storage (full disk, lost database) into 503 `storage_unavailable`
/// with a sentence and Retry-After, instead of an empty 500; logs its type, never content.
struct StorageFailureAnswer<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as any HTTPResponseError {
            throw error
        } catch {
            context.logger.error("Storage failed: \(String(describing: type(of: error)))")
            throw RelayError.storageUnavailable
        }
    }
}
