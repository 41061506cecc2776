// election-bench: Bully and Raft through the same faults, side by side.
// All the work is in the Bench library (Sources/Bench/CLI/ElectionBench.swift); live runs
// start real election-node processes through LiveScenarioRunner (Sources/Bench/Live).
import Bench
import Foundation

exit(ElectionBench.runProgram(arguments: Array(CommandLine.arguments.dropFirst())))
