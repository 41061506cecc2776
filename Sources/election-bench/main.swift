// election-bench: Bully and Raft through the same faults, side by side.
// All the work is in the Bench library (Sources/Bench/CLI/ElectionBench.swift).
import Bench
import Foundation

// SEAM(live runner): when Sources/Bench/Live lands, pass a factory here, for example
//     liveRunner: { options in LiveScenarioRunner(options: LiveBenchOptions(options)) }
// where LiveScenarioRunner conforms to ScenarioRunning. Until then the default suite runs
// its failover in the simulator (and says so), and --live is refused.
let bench = ElectionBench(liveRunner: nil)
exit(bench.run(arguments: Array(CommandLine.arguments.dropFirst())))
