// swift-tools-version:6.0
// swift-election: Bully and Raft-style leader election as pure state machines,
// run live over TCP or inside a deterministic simulator. No package dependencies.
// Linux only: the live runtime calls Glibc directly, and Linux is what is built and tested.
// On a Mac, run it in the official Swift Linux container (README, "On a Mac").
import PackageDescription

let package = Package(
    name: "swift-election",
    products: [
        .library(name: "Election", targets: ["Election"]),
        .library(name: "Bully", targets: ["Bully"]),
        .library(name: "Raft", targets: ["Raft"]),
        .library(name: "AlgorithmRegistry", targets: ["AlgorithmRegistry"]),
        .library(name: "Bench", targets: ["Bench"]),
        .executable(name: "election-node", targets: ["election-node"]),
        .executable(name: "election-watch", targets: ["election-watch"]),
        .executable(name: "election-bench", targets: ["election-bench"]),
        .executable(name: "simulate-raft", targets: ["simulate-raft"]),
    ],
    targets: [
        .target(name: "Election"),
        .target(name: "Bully", dependencies: ["Election"]),
        .target(name: "Raft", dependencies: ["Election"]),
        // The list of algorithms (AlgorithmRegistry.standard): the one module that names them
        // all, so the core need not. Its folder sits inside Sources/Bench only because the
        // top-level layout has no other place for it.
        .target(name: "AlgorithmRegistry", dependencies: ["Election", "Bully", "Raft"], path: "Sources/Bench/Registry"),
        .target(name: "Bench", dependencies: ["Election", "Bully", "Raft", "AlgorithmRegistry"], exclude: ["Registry"]),
        .executableTarget(name: "election-node", dependencies: ["Election", "AlgorithmRegistry"]),
        .executableTarget(name: "election-watch", dependencies: ["Election"]),
        // election-node is listed so that `swift run election-bench` builds the node the live
        // scenarios start as real processes (nothing of it is linked into the bench).
        .executableTarget(name: "election-bench", dependencies: ["Bench", "election-node"]),
        .executableTarget(name: "simulate-raft", dependencies: ["Election", "Raft"]),
        .testTarget(name: "ElectionTests", dependencies: ["Election"]),
        .testTarget(name: "BullyTests", dependencies: ["Election", "Bully"]),
        .testTarget(name: "RaftTests", dependencies: ["Election", "Raft"]),
        .testTarget(name: "BenchTests", dependencies: ["Election", "Bully", "Raft", "Bench"]),
        .testTarget(name: "LiveTests", dependencies: ["Election", "Bully", "Raft"]),
    ],
    swiftLanguageModes: [.v6]
)
