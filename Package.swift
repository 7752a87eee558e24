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
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
    ],
    targets: [
        // libsodium, seen only by Cryptography.
        .systemLibrary(
            name: "CSodium",
            pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"])]
        ),
        // Ids, hex and big-endian bytes: one type per identifier, at the bottom of the graph.
        .target(name: "Identifiers"),
        // The Linux kernel key retention service (add_key/keyctl have no libc wrapper).
        .target(name: "CKeyring"),
        // Ed25519 signatures and BLAKE2b hashes only: what the relay may use. It cannot
        // decrypt anything, so the relay can verify without linking Cryptography.
        .target(name: "Signatures", dependencies: ["Identifiers", "CSodium"]),
        .target(name: "Cryptography", dependencies: ["Identifiers", "CSodium", "Signatures"]),
        // Envelopes, membership entries, request signatures and relay API types.
        .target(name: "WireFormat", dependencies: ["Identifiers", "Signatures"]),
        // The relay server library: stores ciphertext, verifies signatures, never decrypts.
        .target(
            name: "Relay",
            dependencies: [
                "Identifiers",
                "WireFormat", "Signatures",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
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
        .target(name: "Replica", dependencies: ["Identifiers"]),
        .target(
            name: "Vault",
            dependencies: [
                "Identifiers",
                "Replica", "Cryptography", "Signatures", "CKeyring",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .target(name: "Casework", dependencies: ["Identifiers", "Replica"]),
        // The client side of sync: envelopes, the relay client, device linking.
        .target(
            name: "Sync",
            dependencies: [
                "Identifiers", "Vault", "WireFormat", "Cryptography", "Signatures", "Replica",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        // The application layer: the register's rules (routing, rights, profiles, history,
        // moves) over Casework, Sync and Vault, for every front end.
        .target(name: "Register", dependencies: ["Identifiers", "Casework", "Sync", "Vault", "Replica", "Signatures", "Cryptography", "WireFormat"]),
        // .xlsx workbooks (a ZIP of XML parts): the first sheet read as rows, rows written as one.
        .target(name: "Spreadsheet", dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .target(
            name: "Console",
            dependencies: [
                "Identifiers",
                "Register", "Casework", "Vault", "Replica", "Sync", "WireFormat", "Signatures", "Spreadsheet",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "vp", dependencies: ["Console"]),
        // For tests: the relay's own service behind the sync transport, without HTTP, able
        // to misbehave on purpose (drop, reorder, replay, withhold, fork); and what an
        // attacker with a copy of its data and every key left can open.
        .target(name: "InProcessRelay", dependencies: ["Identifiers", "Relay", "Sync", "WireFormat", "Signatures", "Vault", "Replica", "Cryptography"]),
        .executableTarget(
            name: "vp-bench",
            dependencies: ["Identifiers", "Console", "Casework", "Vault", "Replica", "Sync", "WireFormat", "Signatures", "Cryptography", "Spreadsheet"],
            path: "Tools/Bench"
        ),
        .testTarget(name: "CryptographyTests", dependencies: ["Identifiers", "Cryptography", "Signatures"]),
        .testTarget(
            name: "RelayTests",
            dependencies: [
                "Identifiers",
                "Relay", "WireFormat", "Signatures",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        // Reads the resolved package graph and every import; depends on no target.
        .testTarget(name: "LayeringTests"),
        .testTarget(name: "ReplicaTests", dependencies: ["Identifiers", "Replica"]),
        .testTarget(
            name: "SyncTests",
            dependencies: [
                "Identifiers",
                "Sync", "WireFormat", "Signatures", "Cryptography", "Replica", "Vault", "InProcessRelay", "Relay", "Casework", "Register",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(name: "VaultTests", dependencies: ["Identifiers", "Vault", "Replica", "Cryptography", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "CaseworkTests", dependencies: ["Identifiers", "Casework", "Replica"], exclude: ["Golden"]),
        .testTarget(name: "SpreadsheetTests", dependencies: ["Spreadsheet", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .testTarget(
            name: "ConsoleTests",
            dependencies: [
                "Identifiers",
                "Console", "Register", "Casework", "Vault", "Sync", "WireFormat", "Signatures", "Cryptography", "Replica", "InProcessRelay", "Spreadsheet",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
    ]
)
