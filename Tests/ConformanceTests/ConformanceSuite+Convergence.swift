import Election
import ElectionSimulation

extension ConformanceSuite {
    /// After faults stop, the cluster converges to one agreed leader: in each seed's faulty
    /// run, once the faults stop (every node running again on a clean network), within
    /// `convergenceBound` exactly one running node leads and every running node believes in
    /// it (`Simulator.agreedLeader`), and it is the highest running id when the algorithm
    /// says so (`highestRunningIdLeads`). It must then still be the agreed, only leader one
    /// quiet election later: a cluster that merely passes through agreement has not
    /// converged.
    func convergesAfterFaultsFindings() -> [String] {
        seeds.compactMap { seed in
            let script = FaultScript(seed: seed)
            let simulator = script.simulator(Node.self, settings: settings)
            script.run(on: simulator)
            let stopped = simulator.now
            guard simulator.run(until: { settledLeader(of: $0) != nil }, timeout: convergenceBound) else {
                return "seed \(seed): no single agreed leader within \(convergenceBound) of the faults stopping (at "
                    + "\(stopped)); statuses " + simulator.runningStatuses.map(\.description).joined(separator: "; ")
            }
            let leader = settledLeader(of: simulator)
            let agreed = simulator.now
            simulator.run(for: quietElection)
            guard settledLeader(of: simulator) == leader else {
                return "seed \(seed): node \(leader.map(String.init(describing:)) ?? "?") was agreed on at "
                    + "\(agreed) but not \(quietElection) later; statuses "
                    + simulator.runningStatuses.map(\.description).joined(separator: "; ")
            }
            return nil
        }
    }

    /// The agreed leader, when it leads alone (and is the highest running id, if it must be).
    private func settledLeader(of simulator: Simulator<Node>) -> NodeID? {
        guard let leader = simulator.agreedLeader,
              simulator.runningStatuses.filter(\.isLeader).map(\.id) == [leader]
        else { return nil }
        if highestRunningIdLeads && leader != simulator.members.last(where: { simulator.isRunning($0) }) { return nil }
        return leader
    }
}
