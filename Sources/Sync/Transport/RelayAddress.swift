import Foundation

/// Where a relay may be reached. Over plain http anyone on the network reads who talks to
/// whom and can race a new device for its link answer, so http is allowed only to this
/// computer, unless the counsellor says the network is trusted (`--insecure`).
public enum RelayAddress {
    public static func parse(_ text: String, insecure: Bool) throws -> URL {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host, !host.isEmpty, url.port.map({ (1...65535).contains($0) }) ?? true
        else { throw SyncError.notARelayAddress(text) }
        guard scheme == "https" || insecure || isLoopback(host) else { throw SyncError.insecureRelay(text) }
        return url
    }

    /// localhost, 127.0.0.0/8 and ::1: traffic that never leaves this computer.
    static func isLoopback(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        if bare == "localhost" || bare == "::1" { return true }
        let parts = bare.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }
}
