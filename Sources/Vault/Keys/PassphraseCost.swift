import Cryptography

/// How much work (Argon2id time and memory) deriving the key from the passphrase costs: the
/// choice `vp init --kdf` offers, without front ends seeing the KDF itself.
public enum PassphraseCost: String, Sendable, CaseIterable {
    /// About 0.1 s and 64 MiB: for tests and slow machines.
    case interactive
    /// About 1 s and 256 MiB: the default.
    case moderate

    var kdf: PassphraseKDF { self == .interactive ? .interactive : .moderate }
}
