import Election

extension ConformanceSuite {
    /// Only timers that were set fire, and cancelled ones stay silent. Two halves:
    /// - The runtime's: in the runs, a node is handed `.timerFired(t)` only while `t` is
    ///   pending by its own effects in this life (set, not cancelled since, not fired since).
    ///   A new life starts with no timer.
    /// - The algorithm's: it must not rely on the runtime for that. At about 40 moments of
    ///   each run, a copy of the node is handed the expiry of every timer that is *not*
    ///   pending then: each timer the run saw set but cancelled, fired or never set in this
    ///   life, and one id no algorithm sets. Each must do nothing but perhaps log: no message,
    ///   no write, no timer, no change of status. Both runtimes keep their half, so this costs
    ///   nothing today; it makes each timer handler check that its moment is still current
    ///   (the comments in Bully and Raft call such an expiry "left over" and "harmless"),
    ///   so one runtime slip or a timer left set by mistake cannot start an election.
    func onlyPendingTimersActFindings() -> [String] {
        seeds.flatMap { seed in
            let steps = journaledRun(seed: seed)
            let everySetTimer = ProbeInputs(steps: steps, members: FaultScript(seed: seed).members).timers
            var pending: [NodeID: Set<TimerID>] = [:]
            var findings: [String] = []
            var momentsToProbe = Set(sampled(steps).map(\.time))
            for step in steps {
                if case .start = step.input { pending[step.node] = [] }
                if case .timerFired(let timer) = step.input,
                   pending[step.node, default: []].remove(timer) == nil {
                    findings.append("seed \(seed): node \(step.node) was handed the expiry of \(timer) at \(step.time), "
                                    + "which was not pending")
                }
                for effect in step.effects {
                    switch effect {
                    case .setTimer(let timer, _): pending[step.node, default: []].insert(timer)
                    case .cancelTimer(let timer): pending[step.node, default: []].remove(timer)
                    default: break
                    }
                }
                guard momentsToProbe.remove(step.time) != nil else { continue }
                for timer in everySetTimer where !pending[step.node, default: []].contains(timer) {
                    var node = step.after
                    let acting = node.handle(.timerFired(timer), at: step.time).filter {
                        if case .log = $0 { false } else { true }
                    }
                    if !acting.isEmpty || node.status != step.after.status {
                        findings.append("seed \(seed): node \(step.node), after \(step.input) at \(step.time), acted on "
                                        + "\(timer), which was not pending: \(acting), status \(node.status)")
                    }
                }
            }
            return findings
        }
    }
}
