import GRDB

/// A vault whose setting-up is not finished: `vp init --join` creates the vault, then waits
/// for the other device over the network. If it is killed meanwhile, the marker stays, and
/// the next `vp init` replaces the vault instead of refusing (it holds nothing yet).
extension Vault {
    static let unfinishedSetting = "setup_unfinished"

    /// Marks the vault as not set up yet (a plain setting: it must be readable while locked).
    public func markSetupUnfinished() throws {
        try StorageErrors.map { try database.write { try Settings.set(Self.unfinishedSetting, UInt64(1), $0) } }
    }

    public func markSetupFinished() throws {
        try StorageErrors.map { try database.write { try $0.execute(sql: "DELETE FROM setting WHERE name = ?", arguments: [Self.unfinishedSetting]) } }
    }
}

extension LockedVault {
    /// Whether the vault's setting-up was left unfinished (see `Vault.markSetupUnfinished`).
    public var isSetupUnfinished: Bool {
        (try? database.read { try Settings.integer(Vault.unfinishedSetting, $0) }) == 1
    }
}
