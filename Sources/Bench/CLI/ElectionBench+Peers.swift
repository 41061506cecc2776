extension ElectionBench {
    /// Runs the outside systems the options ask for (`--with`, or etcd in the default run)
    /// beside our live `name`, one result each, printed and gathered like ours. A peer that
    /// cannot run here (etcd not on PATH, a bad script path, missing Python packages) costs
    /// one line on stderr and nothing else: the run goes on and its exit status is not
    /// touched. A peer that starts and then fails is a peer failure: reported like ours,
    /// but the run's exit status is 3, not 1, when nothing of ours failed, so that a script
    /// can tell a broken toolkit from an outside system that misbehaved here.
    ///
    /// `stamp` names each result's row before it is printed.
    func runPeers(_ name: ScenarioName, options: BenchOptions, liveOptions: BenchOptions, into gathered: inout Gathered,
                  progress: @escaping @Sendable (String) -> Void, stamp: (ScenarioResult) -> ScenarioResult) {
        let peers = options.peers(for: name, mode: .live)
        guard !peers.isEmpty else { return }
        let live: LiveBenchOptions
        do {
            live = try LiveBenchOptions(liveOptions)
        } catch {
            fail("the live options do not suit the peers: \(error)", into: &gathered)
            return
        }
        for peer in peers {
            switch PeerScenarioRunner.make(peer, options: live, etcdTimeouts: options.etcdTimeouts,
                                           searchPath: searchPath) {
            case .failure(let problem):
                console.writeError(problem.description)
            case .success(let runner):
                do {
                    let result = stamp(try runner.run(name, progress: progress))
                    console.write(ResultSummary.line(for: result))
                    gathered.results.append(result)
                } catch {
                    fail("live \(name) (\(runner.algorithm)) failed: \(error)", into: &gathered, peer: true)
                }
            }
        }
    }
}
