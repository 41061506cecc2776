// swift-tools-version:6.0
// swift-election: Bully and Raft-style leader election as pure state machines,
// run live over TCP or inside a deterministic simulator. No package dependencies.
// Linux only: the live runtime calls Glibc directly, and Linux is what is built and tested.
// On a Mac, run it in the official Swift Linux container (README, "On a Mac").
import PackageDescription

let package = Package(
    name: "swift-election",
    // Libraries are the pieces another package could build on: the core, the two shells, the
    // algorithms and their registry. The bench and the watch view are each one program's
    // insides, so they are targets without a product of their own.
    products: [
        .library(name: "Election", targets: ["Election"]),
        .library(name: "ElectionSimulation", targets: ["ElectionSimulation"]),
        .library(name: "ElectionLive", targets: ["ElectionLive"]),
        .library(name: "Bully", targets: ["Bully"]),
        .library(name: "Raft", targets: ["Raft"]),
        .library(name: "AlgorithmRegistry", targets: ["AlgorithmRegistry"]),
        .executable(name: "election-node", targets: ["election-node"]),
        .executable(name: "election-watch", targets: ["election-watch"]),
        .executable(name: "election-bench", targets: ["election-bench"]),
        .executable(name: "simulate-raft", targets: ["simulate-raft"]),
    ],
    targets: [
        // Sources/Election holds four modules, one per layer (docs/architecture.md, "Modules"):
        // the core at the top level, and one sub-folder each for the simulator, the live
        // runtime and the watch view. The core excludes the sub-folders so each file belongs
        // to exactly one module.
        .target(name: "Election", exclude: ["Simulation", "Live", "Watch"]),
        .target(name: "ElectionSimulation", dependencies: ["Election"],
                path: "Sources/Election/Simulation"),
        .target(name: "ElectionLive", dependencies: ["Election"], path: "Sources/Election/Live"),
        .target(name: "ElectionWatch", dependencies: ["Election", "ElectionLive"],
                path: "Sources/Election/Watch"),
        .target(name: "Bully", dependencies: ["Election"]),
        // Floating-point rounding (`Double.rounded()`) compiles to libm calls on Linux. Without
        // Foundation in the core nothing else pulls libm in, so a Foundation-free program such
        // as simulate-raft would not link.
        .target(name: "Raft", dependencies: ["Election"],
                linkerSettings: [.linkedLibrary("m", .when(platforms: [.linux]))]),
        // The list of algorithms (AlgorithmRegistry.standard): the one module that names them
        // all, so the core need not. Its folder sits inside Sources/Bench only because the
        // top-level layout has no other place for it.
        .target(name: "AlgorithmRegistry", dependencies: ["Election", "Bully", "Raft"],
                path: "Sources/Bench/Registry"),
        .target(name: "Bench",
                dependencies: ["Election", "ElectionSimulation", "ElectionLive", "Bully", "Raft",
                               "AlgorithmRegistry"],
                exclude: ["Registry"]),
        .executableTarget(name: "election-node",
                          dependencies: ["Election", "ElectionLive", "AlgorithmRegistry"]),
        .executableTarget(name: "election-watch",
                          dependencies: ["Election", "ElectionLive", "ElectionWatch"]),
        // election-node is listed so that `swift run election-bench` builds the node the live
        // scenarios start as real processes (nothing of it is linked into the bench).
        .executableTarget(name: "election-bench", dependencies: ["Bench", "election-node"]),
        .executableTarget(name: "simulate-raft",
                          dependencies: ["Election", "ElectionSimulation", "Raft"]),
        .testTarget(name: "ElectionTests",
                    dependencies: ["Election", "ElectionSimulation", "ElectionLive",
                                   "ElectionWatch"]),
        .testTarget(name: "BullyTests", dependencies: ["Election", "ElectionSimulation", "Bully"]),
        .testTarget(name: "RaftTests", dependencies: ["Election", "ElectionSimulation", "Raft"]),
        .testTarget(name: "BenchTests",
                    dependencies: ["Election", "ElectionSimulation", "ElectionLive", "Bully",
                                   "Raft", "Bench", "AlgorithmRegistry"]),
        .testTarget(name: "RegistryTests",
                    dependencies: ["Election", "ElectionLive", "Bully", "Raft", "AlgorithmRegistry"]),
        .testTarget(name: "LiveTests", dependencies: ["Election", "ElectionLive", "Bully", "Raft"]),
        .testTarget(name: "ConformanceTests",
                    dependencies: ["Election", "ElectionSimulation", "ElectionLive", "AlgorithmRegistry"]),
    ],
    swiftLanguageModes: [.v6]
)
