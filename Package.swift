// swift-tools-version:6.0
// The executable reference model of IMAP CONDSTORE and QRESYNC (RFC 7162).
// No package dependencies: Foundation, Glibc, Dispatch and Swift Testing only.
import PackageDescription

let package = Package(
    name: "qresync",
    products: [
        .executable(name: "qresync", targets: ["qresync"]),
        .executable(name: "qresync-bench", targets: ["qresync-bench"]),
        .executable(name: "qresync-fuzz-parser", targets: ["qresync-fuzz-parser"]),
    ],
    targets: [
        // Value types of the protocol subset. No I/O, stdlib only.
        .target(name: "IMAPTypes"),
        // Strict parser and encoder, CRLF and literal framing.
        .target(name: "IMAPWire", dependencies: ["IMAPTypes"]),
        // The specification as code: requirements, editions, state, actions, invariants.
        .target(name: "SpecModel", dependencies: ["IMAPTypes"]),
        // Traces, checker, findings, generator, shrinker. Offline.
        .target(name: "Conformance", dependencies: ["IMAPTypes", "IMAPWire", "SpecModel"]),
        // Transports and connections; records every byte.
        .target(name: "IMAPClient", dependencies: ["IMAPTypes", "IMAPWire"]),
        // The model served over IMAP, with seeded latitude and named faults.
        .target(name: "ReferenceServer", dependencies: ["IMAPTypes", "IMAPWire", "SpecModel"]),
        // Argument parsing, subcommands, exit codes, reports.
        .target(
            name: "QResyncTool",
            dependencies: ["IMAPTypes", "IMAPWire", "SpecModel", "Conformance", "IMAPClient", "ReferenceServer"]
        ),
        .executableTarget(name: "qresync", dependencies: ["QResyncTool"]),
        .executableTarget(
            name: "qresync-bench",
            dependencies: ["IMAPTypes", "IMAPWire", "SpecModel", "Conformance", "IMAPClient", "ReferenceServer", "QResyncTool"]
        ),
        // Corpus replayer by default; a libFuzzer target when built with -DFUZZING (see README).
        .executableTarget(name: "qresync-fuzz-parser", dependencies: ["IMAPTypes", "IMAPWire"]),

        .testTarget(name: "IMAPTypesTests", dependencies: ["IMAPTypes"]),
        .testTarget(name: "IMAPWireTests", dependencies: ["IMAPTypes", "IMAPWire"]),
        .testTarget(name: "SpecModelTests", dependencies: ["IMAPTypes", "SpecModel"]),
        .testTarget(name: "ConformanceTests", dependencies: ["IMAPTypes", "IMAPWire", "SpecModel", "Conformance"]),
        .testTarget(
            name: "QResyncToolTests",
            dependencies: ["QResyncTool", "IMAPClient", "ReferenceServer", "Conformance"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
