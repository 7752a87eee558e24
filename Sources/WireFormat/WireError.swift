import Foundation

/// Bytes from the network that are not a valid protocol object.
public enum WireError: Error, Equatable, LocalizedError {
    case malformed(String)
    case unsupportedVersion(UInt8)
    case tooLarge(Int, limit: Int)
    case badSignature
    case brokenChain(String)

    public var errorDescription: String? {
        switch self {
        case .malformed(let what): "The data is malformed (\(what))."
        case .unsupportedVersion(let version): "Format version \(version) is not supported; upgrade vp."
        case .tooLarge(let size, let limit): "An object of \(size) bytes exceeds the limit of \(limit) bytes."
        case .badSignature: "A signature does not verify."
        case .brokenChain(let why): "The membership log is inconsistent (\(why))."
        }
    }
}
