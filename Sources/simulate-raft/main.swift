// A five-node Raft cluster in the simulator: elect a leader, crash it, watch the next one.
// The same code as in README.md; run it with `swift run simulate-raft [seed]`.
import Election
import ElectionSimulation
import Raft

let seed = CommandLine.arguments.dropFirst().first.flatMap { UInt64($0) } ?? 7
let sim = Simulator<RaftNode>(
    members: [1, 2, 3, 4, 5],
    options: SimulationOptions(seed: seed, network: LinkConditions(
        baseDelay: .milliseconds(2), jitter: .milliseconds(1), lossProbability: 0.01)),
    settings: { _ in RaftSettings() })                 // 75 ms heartbeats, 150-250 ms timeouts

sim.startAll()
sim.run(until: { $0.agreedLeader != nil }, timeout: .seconds(5))
let first = sim.agreedLeader!
print("\(sim.now): node \(first) leads term \(sim.status(of: first)!.term)")

sim.crash(first)
let crashedAt = sim.now
sim.run(until: { $0.agreedLeader != nil }, timeout: .seconds(5))
let second = sim.agreedLeader!
print("\(sim.now): node \(second) leads term \(sim.status(of: second)!.term), "
      + "\(Int((sim.now - crashedAt).milliseconds)) ms after node \(first) crashed")
print("messages sent: \(sim.counters.messagesSent); replay it exactly with seed \(seed)")
