import Foundation

/// Why the relay cannot start, as one sentence for the operator.
public enum RelayStartError: Error, CustomStringConvertible, LocalizedError {
    case tls(String)
    case database(String)

    public var description: String {
        switch self {
        case .tls(let why): "TLS is not usable: \(why); give PEM files made for this host with --tls-cert and --tls-key."
        case .database(let why): "The database is not usable: \(why)."
        }
    }

    public var errorDescription: String? { description }
}
