import Election

extension ConformanceSuite {
    /// Nothing happens after `.stop`, except what `.stop` itself returns. Two ways:
    /// - in the runs, no node handles any input after its `.stop` but a `.start` of a new
    ///   life (the runtime's half of the promise);
    /// - by hand, a copy of each node at about 40 moments of each run is stopped (gracefully
    ///   and not), then handed every kind of input: each message seen in the run (up to 16)
    ///   from every other member, each timer seen set plus one never set, an unreachable hint
    ///   for every member, another `.start` and another `.stop`. Every one must return no
    ///   effects and leave the status as the stop left it.
    func silentAfterStopFindings() -> [String] {
        seeds.flatMap { seed in
            let steps = journaledRun(seed: seed)
            return runtimeStopFindings(steps, seed: seed) + handStopFindings(steps, seed: seed)
        }
    }

    private func runtimeStopFindings(_ steps: [HandledInput<Node>], seed: UInt64) -> [String] {
        var stopped: Set<NodeID> = []
        var findings: [String] = []
        for step in steps {
            if case .start = step.input {
                stopped.remove(step.node)
            } else if stopped.contains(step.node) {
                findings.append("seed \(seed): node \(step.node) was handed \(step.input) at \(step.time), after its stop")
            }
            if case .stop = step.input { stopped.insert(step.node) }
        }
        return findings
    }

    private func handStopFindings(_ steps: [HandledInput<Node>], seed: UInt64) -> [String] {
        let members = FaultScript(seed: seed).members
        var findings: [String] = []
        for moment in sampled(steps) {
            let probes = ProbeInputs(steps: steps, members: members).inputs(for: moment.node)
            for graceful in [true, false] {
                var node = moment.after
                let time = moment.time + .milliseconds(1)
                _ = node.handle(.stop(graceful: graceful), at: time)
                let stoppedStatus = node.status
                for probe in probes {
                    let effects = node.handle(probe, at: time + .milliseconds(1))
                    if !effects.isEmpty || node.status != stoppedStatus {
                        findings.append("seed \(seed): node \(node.id), stopped (graceful: \(graceful)) after "
                                        + "\(moment.input) at \(moment.time), answered \(probe) with \(effects) "
                                        + "and status \(node.status)")
                    }
                }
            }
        }
        return findings
    }
}
