// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "Vertrouwd",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "vp", targets: ["vp"]),
        .executable(name: "vp-relay", targets: ["vp-relay"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        // libsodium, seen only by Cryptography.
        .systemLibrary(
            name: "CSodium",
            pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"])]
        ),
        // The Linux kernel key retention service (add_key/keyctl have no libc wrapper).
        .target(name: "CKeyring"),
        // Ed25519 signatures and BLAKE2b hashes only: what the relay may use. It cannot
        // decrypt anything, so the relay can verify without linking Cryptography.
        .target(name: "Signatures", dependencies: ["CSodium"]),
        .target(name: "Cryptography", dependencies: ["CSodium", "Signatures"]),
        // Envelopes, membership entries, request signatures and relay API types.
        .target(name: "WireFormat", dependencies: ["Signatures"]),
        // The relay server library: stores ciphertext, verifies signatures, never decrypts.
        .target(
            name: "Relay",
            dependencies: [
                "WireFormat", "Signatures",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "vp-relay",
            dependencies: [
                "Relay",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The data core: no I/O, no crypto.
        .target(name: "Replica"),
        .target(
            name: "Vault",
            dependencies: [
                "Replica", "Cryptography", "Signatures", "CKeyring",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .target(name: "Casework", dependencies: ["Replica"]),
        // The client side of sync: envelopes, the relay client, device linking.
        .target(name: "Sync", dependencies: ["Vault", "WireFormat", "Cryptography", "Signatures", "Replica"]),
        // The application layer: the register's rules (routing, rights, profiles, history,
        // moves) over Casework, Sync and Vault, for every front end.
        .target(name: "Register", dependencies: ["Casework", "Sync", "Vault", "Replica", "Signatures"]),
        .target(
            name: "Console",
            dependencies: [
                // Cryptography: passphrase strength (--kdf) and its errors' exit codes.
                "Register", "Casework", "Vault", "Replica", "Sync", "WireFormat", "Signatures", "Cryptography",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "vp", dependencies: ["Console"]),
        // For tests: the relay's own service behind the sync transport, without HTTP, able
        // to misbehave on purpose (drop, reorder, replay, withhold, fork).
        .target(name: "InProcessRelay", dependencies: ["Relay", "Sync", "WireFormat", "Signatures"]),
        .executableTarget(
            name: "vp-bench",
            dependencies: ["Console", "Casework", "Vault", "Replica", "Sync", "WireFormat", "Signatures", "Cryptography"],
            path: "Tools/Bench"
        ),
        .testTarget(name: "CryptographyTests", dependencies: ["Cryptography", "Signatures"]),
        .testTarget(
            name: "RelayTests",
            dependencies: [
                "Relay", "WireFormat", "Signatures",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        // Reads the resolved package graph and every import; depends on no target.
        .testTarget(name: "LayeringTests"),
        .testTarget(name: "ReplicaTests", dependencies: ["Replica"]),
        .testTarget(
            name: "SyncTests",
            dependencies: [
                "Sync", "WireFormat", "Signatures", "Cryptography", "Replica", "Vault", "InProcessRelay", "Relay", "Casework",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(name: "VaultTests", dependencies: ["Vault", "Replica", "Cryptography", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "CaseworkTests", dependencies: ["Casework", "Replica"]),
        .testTarget(
            name: "ConsoleTests",
            dependencies: [
                "Console", "Casework", "Vault", "Sync", "WireFormat", "Signatures", "Cryptography", "Replica", "InProcessRelay",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
    ]
)
