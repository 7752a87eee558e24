import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Cryptography
import Signatures
import WireFormat

/// Talks to a relay over HTTP, signing every request with this device's key (fresh
/// timestamp and nonce each time). Synchronous: commands are one-shot.
public final class RelayClient: @unchecked Sendable {
    // @unchecked Sendable: every property is immutable; URLSession is thread-safe.
    public let baseURL: URL
    let keys: SigningKeyPair?
    private let session: URLSession
    private let now: @Sendable () -> UInt64
    public private(set) var bytesSent = 0
    public private(set) var bytesReceived = 0

    public init(baseURL: URL, keys: SigningKeyPair?, now: @escaping @Sendable () -> UInt64) {
        self.baseURL = baseURL
        self.keys = keys
        self.now = now
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 60
        configuration.httpMaximumConnectionsPerHost = 2
        session = URLSession(configuration: configuration)
    }

    public struct Answer: Sendable {
        public let status: Int
        public let body: [UInt8]
    }

    /// Sends a request; throws for transport failures and for 4xx/5xx other than `accept`.
    public func send(_ method: String, _ target: String, body: [UInt8] = [], signed: Bool = true, accept: Set<Int> = []) throws -> Answer {
        guard let url = URL(string: target, relativeTo: baseURL) else { throw SyncError.unreachable(baseURL.absoluteString) }
        var request = URLRequest(url: url)
        request.httpMethod = method
        if !body.isEmpty {
            request.httpBody = Data(body)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        if signed, let keys {
            let headers = RequestSignature.sign(
                method: method, target: target, body: body, keys: keys, milliseconds: now(), nonce: SecureRandom.bytes(16))
            for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        }
        let result = ResultBox()
        let done = DispatchSemaphore(value: 0)
        session.dataTask(with: request) { data, response, error in
            result.set(data: data, response: response as? HTTPURLResponse, error: error)
            done.signal()
        }.resume()
        done.wait()
        guard let response = result.response else { throw SyncError.unreachable(baseURL.absoluteString) }
        let bytes = [UInt8](result.data ?? Data())
        bytesSent += body.count
        bytesReceived += bytes.count
        if response.statusCode >= 400 && !accept.contains(response.statusCode) {
            let message = (try? JSONDecoder().decode(RelayAPI.ErrorBody.self, from: Data(bytes)))
            if message?.error == "not_a_member" { throw SyncError.removed }
            throw SyncError.refused(status: response.statusCode, message: message?.message ?? "no explanation given")
        }
        return Answer(status: response.statusCode, body: bytes)
    }

    public func json<T: Encodable>(_ value: T) -> [UInt8] { Array((try? JSONEncoder().encode(value)) ?? Data()) }

    public func decode<T: Decodable>(_ type: T.Type, _ answer: Answer) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(answer.body))
        } catch {
            throw SyncError.refused(status: answer.status, message: "the answer was not the JSON expected")
        }
    }
}

/// Carries a URLSession completion to the waiting thread.
private final class ResultBox: @unchecked Sendable {
    // @unchecked Sendable: written once by the completion handler before the semaphore is signalled.
    private(set) var data: Data?
    private(set) var response: HTTPURLResponse?
    private(set) var error: Error?

    func set(data: Data?, response: HTTPURLResponse?, error: Error?) {
        self.data = data
        self.response = response
        self.error = error
    }
}
