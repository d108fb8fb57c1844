// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "newsfold",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "newsfold", targets: ["newsfold"]),
        .library(name: "NewsfoldCore", targets: ["NewsfoldCore"]),
        .library(name: "NewsfoldExtract", targets: ["NewsfoldExtract"]),
        .library(name: "NewsfoldIO", targets: ["NewsfoldIO"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // The store and the HTTP service (issue 7).
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),  // LogEvent (log(event:))
        // Already under Hummingbird; named for the server's connection cap (a NIO channel handler).
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
        // The shared PostgreSQL store (issue 7).
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        // Already under Hummingbird; named for the server's background provenance worker.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        // Already under SwiftNIO; its Heap orders the story repair's candidate merges.
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.1.0"),
    ],
    targets: [
        // C libraries from Debian (see README: apt-get install libxml2-dev zlib1g-dev).
        .systemLibrary(
            name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(
            name: "CZlib", path: "Sources/CZlib",
            providers: [.apt(["zlib1g-dev"])]),

        // Pure core: models, text normalisation, fingerprints, index, clustering. No I/O.
        .target(name: "NewsfoldCore", dependencies: [.product(name: "HeapModule", package: "swift-collections")]),
        // Page -> Article: HTML (libxml2), crawled plain text, metadata parsers.
        .target(name: "NewsfoldExtract", dependencies: ["NewsfoldCore", "CLibXML2"]),
        // Readers and writers: files, gzip, JSONL, input discovery, ordered parallel batches.
        .target(name: "NewsfoldIO", dependencies: ["NewsfoldCore", "NewsfoldExtract", "CZlib"]),
        // Scoring against public dev sets (extraction, stories).
        .target(name: "NewsfoldEval", dependencies: ["NewsfoldCore", "NewsfoldExtract", "NewsfoldIO"]),
        // The store: articles, copy groups, stories and provenance kept in SQLite (GRDB) or
        // PostgreSQL (postgres-nio).
        .target(
            name: "NewsfoldStore",
            dependencies: [
                "NewsfoldCore", "NewsfoldIO",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        // The HTTP API and the story pages (Hummingbird), over a StoryStore.
        .target(
            name: "NewsfoldServer",
            dependencies: [
                "NewsfoldCore", "NewsfoldExtract", "NewsfoldIO", "NewsfoldStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),
        // The thin command-line front end.
        .executableTarget(
            name: "newsfold",
            dependencies: [
                "NewsfoldCore", "NewsfoldExtract", "NewsfoldIO", "NewsfoldEval",
                "NewsfoldStore", "NewsfoldServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),

        .testTarget(name: "NewsfoldCoreTests", dependencies: ["NewsfoldCore"]),
        .testTarget(
            name: "NewsfoldExtractTests", dependencies: ["NewsfoldExtract", "NewsfoldIO"],
            resources: [.copy("Fixtures")]),
        .testTarget(name: "NewsfoldEvalTests", dependencies: ["NewsfoldEval", "NewsfoldCore"]),
        .testTarget(name: "NewsfoldIOTests", dependencies: ["NewsfoldIO", "NewsfoldExtract", "NewsfoldCore"]),
        .testTarget(
            name: "NewsfoldStoreTests",
            dependencies: [
                "NewsfoldStore", "NewsfoldServer", "NewsfoldCore", "NewsfoldExtract", "NewsfoldIO",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),
    ]
)
