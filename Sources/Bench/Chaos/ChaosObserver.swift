import Election
import ElectionSimulation

/// What watches a chaos run from the simulator's hooks: the algorithm's safety check, the
/// split-brain meter, and a count of leaderships.
final class ChaosObserver<Node: ChaosAlgorithm> {
    let check: Node.SafetyCheck
    let splitBrain = SplitBrainMeter()
    private(set) var leaderships = 0
    /// Set once the cluster has recovered: from then on every step is shown to the check.
    var watchesRecoveredCluster = false

    init(highestRunningIdLeads: Bool) {
        check = Node.SafetyCheck(highestRunningIdLeads: highestRunningIdLeads)
    }

    /// Hooks into every step of `simulator`. The simulator keeps the closures, so they hold
    /// it unowned; `stopWatching` removes them at the end of the run.
    func watch(_ simulator: Simulator<Node>) {
        simulator.onTransition = { [unowned simulator, self] time, before, after in
            check.observe(transitionOf: after.id, at: time, before: before, after: after,
                          persisted: simulator.persisted(after.id))
            if after.isLeader && before?.isLeader != true { leaderships += 1 }
            splitBrain.update(actingLeaders: ChaosRun<Node>.actingLeaders(in: simulator), at: time)
            if watchesRecoveredCluster {
                check.observe(recoveredCluster: simulator.runningStatuses, at: time, watchEnded: false)
            }
        }
        simulator.onEffects = { [unowned simulator, check] time, node, effects in
            check.observe(effectsOf: node, at: time, effects, persisted: simulator.persisted(node))
        }
    }

    func stopWatching(_ simulator: Simulator<Node>) {
        simulator.onTransition = nil
        simulator.onEffects = nil
    }
}
