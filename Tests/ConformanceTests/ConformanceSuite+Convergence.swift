import Election
import ElectionSimulation

extension ConformanceSuite {
    /// After faults stop, the cluster converges to one agreed leader: in each seed's faulty
    /// run, once the faults stop (every node running again on a clean network), within
    /// `convergenceBound` exactly one running node leads and every running node believes in
    /// it (`Simulator.agreedLeader`), it is the highest running id when the algorithm says
    /// so (`highestRunningIdLeads`), and it is still the agreed, only leader one quiet
    /// election later: a cluster that merely passes through agreement has not converged.
    ///
    /// The first agreement may be one that cannot hold: at the heal, a follower the last
    /// partition cut off still believes in the leader it stopped hearing from, and its
    /// election timeout may fire before a heartbeat reaches it (textbook Raft then elects
    /// again, as the paper allows). So an agreement that breaks is not yet a finding; one
    /// that never holds for a quiet election within the bound is.
    func convergesAfterFaultsFindings() -> [String] {
        seeds.compactMap { seed in
            let script = FaultScript(seed: seed)
            let simulator = script.simulator(Node.self, settings: settings)
            script.run(on: simulator)
            let stopped = simulator.now
            let deadline = stopped + convergenceBound
            var lastBroken: String?
            while simulator.now < deadline {
                guard simulator.run(until: { settledLeader(of: $0) != nil }, timeout: deadline - simulator.now) else {
                    break
                }
                let leader = settledLeader(of: simulator)
                let agreed = simulator.now
                simulator.run(for: quietElection)
                if settledLeader(of: simulator) == leader { return nil }
                lastBroken = "node \(leader.map(String.init(describing:)) ?? "?") was agreed on at \(agreed) but not "
                    + "\(quietElection) later"
            }
            return "seed \(seed): no single agreed leader that held for \(quietElection) within \(convergenceBound) of the "
                + "faults stopping (at \(stopped))" + (lastBroken.map { "; the last agreement: " + $0 } ?? "")
                + "; statuses " + simulator.runningStatuses.map(\.description).joined(separator: "; ")
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
