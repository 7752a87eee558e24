// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "Vertrouwd",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "vp", targets: ["vp"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
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
        .target(name: "Cryptography", dependencies: ["CSodium"]),
        // The data core: no I/O, no crypto.
        .target(name: "Replica"),
        .target(
            name: "Vault",
            dependencies: [
                "Replica", "Cryptography", "CKeyring",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .target(name: "Casework", dependencies: ["Replica"]),
        .target(
            name: "Console",
            dependencies: [
                "Casework", "Vault", "Replica",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "vp", dependencies: ["Console"]),
        .executableTarget(
            name: "vp-bench",
            dependencies: ["Console", "Casework", "Vault", "Replica"],
            path: "Tools/Bench"
        ),
        .testTarget(name: "CryptographyTests", dependencies: ["Cryptography"]),
        .testTarget(name: "ReplicaTests", dependencies: ["Replica"]),
        .testTarget(name: "VaultTests", dependencies: ["Vault", "Replica", "Cryptography"]),
        .testTarget(name: "CaseworkTests", dependencies: ["Casework", "Replica"]),
        .testTarget(name: "ConsoleTests", dependencies: ["Console", "Casework", "Vault"]),
    ]
)
