import Election

extension ConformanceSuite {
    /// `.persist` comes before every send that depends on it.
    ///
    /// A state machine handles an input at once, so the messages an input sends were computed
    /// from the state the node reached in that input: every one of them depends on what the
    /// input changed. The suite cannot see which part of the state a message reflects, so it
    /// asks the strict, honest version of the promise, for every input of every run (the
    /// disk being what the node's earlier `.persist` effects stored, as the simulator keeps
    /// it):
    /// 1. No `.persist` after the input's first send or broadcast stores anything other than
    ///    what the disk held when that first message left. Otherwise a crash between the two
    ///    brings the node back with a state older than one it has already told a peer about.
    /// 2. For an algorithm that promises one leader per term (so its term must survive a
    ///    crash): when an input sends, a node rebuilt from the disk as it stood at the first
    ///    message and started reports at least the term the node reports after the input.
    ///    This catches a node that never persists at all, which rule 1 cannot see.
    /// An algorithm with nothing on disk (Bully) passes both trivially.
    func persistsBeforeSendingFindings() -> [String] {
        seeds.flatMap { seed in
            var disk: [NodeID: Node.DurableState] = [:]
            var findings: [String] = []
            for step in journaledRun(seed: seed) {
                let diskAtFirstSend = storedBeforeFirstSend(step, disk: disk[step.node])
                for (index, effect) in step.effects.enumerated() {
                    guard case .persist(let state) = effect else { continue }
                    disk[step.node] = state
                    if let first = step.firstSendIndex, index > first, state != diskAtFirstSend {
                        findings.append("seed \(seed): node \(step.node), handling \(step.input) at \(step.time), "
                                        + "persisted \(state) after it sent \(step.effects[first]) while its disk held "
                                        + (diskAtFirstSend.map { "\($0)" } ?? "nothing"))
                    }
                }
                if keepsTermOnDisk, step.firstSendIndex != nil {
                    var restarted = rebuilt(step.node, seed: seed, from: diskAtFirstSend)
                    _ = restarted.handle(.start, at: step.time)
                    if restarted.status.term < step.after.status.term {
                        findings.append("seed \(seed): node \(step.node), handling \(step.input) at \(step.time), sent "
                                        + "at term \(step.after.status.term) with only term \(restarted.status.term) "
                                        + "on disk: a crash would make it forget the term it announced")
                    }
                }
            }
            return findings
        }
    }

    /// What the node's disk holds when the input's first message leaves: `disk`, changed by
    /// the persists before it.
    private func storedBeforeFirstSend(_ step: HandledInput<Node>, disk: Node.DurableState?) -> Node.DurableState? {
        var stored = disk
        for effect in step.effects.prefix(step.firstSendIndex ?? step.effects.count) {
            if case .persist(let state) = effect { stored = state }
        }
        return stored
    }
}
