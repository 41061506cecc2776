import AlgorithmRegistry
import Raft

/// The `--help` texts of `election-bench crash-loop` and `election-bench chaos --live`.
enum ReliabilityHelp {
    /// The lines `election-bench --help` lists these commands with.
    static let summary = """
          election-bench crash-loop [OPTIONS]
                                             kill -9 a live 5-node Raft cluster during its elections and
                                             restart it, \(CrashLoopOptions.defaultRounds) rounds; audits every run's log;
                                             Raft's defaults unless --textbook or --variant NAME
          election-bench chaos --live [OPTIONS]
                                             \(LiveChaosOptions.defaultDurationSeconds) s of kill -9, SIGSTOP/SIGCONT and restarts on live
                                             5-node clusters, then the recovery checked; the defaults
                                             unless --textbook or --variant NAME
        """

    static let crashLoop = """
        election-bench crash-loop: crash a live Raft cluster in the middle of its elections, over and over.

        Starts \(CrashLoopOptions.defaultClusterSize) election-node processes (Raft, --log-format json) on loopback ports the
        OS hands out, each with its own data directory in a temporary directory removed at the end.
        Each round waits for an agreed leader, kills it with kill -9, then kills a second node aimed at
        the election that follows (seeded choice): right after a node logs election_started or
        vote_granted (at once, or within the shortest election timeout), or a random node at a random
        moment; both are restarted after a random delay below the longest election timeout. At most 2
        nodes are down at once.

        Afterwards every JSON line of every run is audited: no term had two leaders; no node voted for
        two candidates in one term, across restarts; and each restart's start line ("started as
        follower at term N (voted for X ...)") holds at least the term and vote persisted before the
        kill. It prints the settings that ran, the rounds, kills, restarts, terms, leaders and votes
        checked, the violations with their evidence lines, and the time taken. Exit status 1 on any
        violation, 2 for bad options.

        The nodes run Raft as shipped, what election-node runs with no flags (PreVote, CheckQuorum,
        the lease, hand-over and fast detection on), unless --textbook or --variant says otherwise,
        as in the simulated chaos. crash-loop runs Raft only: a variant only Bully offers is refused.

        Options (defaults in brackets):
          --rounds N                  rounds [\(CrashLoopOptions.defaultRounds)]
          --nodes N                   cluster size, 3 to 51 [\(CrashLoopOptions.defaultClusterSize)]
          --seed S                    seed of the kill schedule and of the nodes' timeouts [\(BenchOptions.defaultSeed)]
          --heartbeat-ms MS           Raft heartbeat [75]
          --election-timeout-ms T     Raft election timeout, T for [T, T+100) or MIN-MAX [150-250]
          --variant NAME              Raft's settings by name, their flags over the defaults [defaults]:
        \(variantNames([RaftNode.algorithmName]))
          --textbook                  the same as --variant textbook: every option beyond the paper off
          -h, --help                  this text
        """

    static let liveChaos = """
        election-bench chaos --live: minutes of seeded faults on live clusters, then the recovery checked.

        For each algorithm, starts \(LiveChaosOptions.defaultClusterSize) election-node processes on loopback ports the OS hands
        out. Every 50-500 ms one fault hits a random node that is neither down nor paused: kill -9
        (started again after 100-2000 ms), SIGSTOP (SIGCONT after 50-2000 ms), or SIGINT and an
        immediate restart; never more than a minority is down or paused at once. When the time is
        up, every node is brought back and the bench polls until all agree on a leader (Bully: the
        highest id), against a bound of the algorithm's quiet election (Raft: two longest election
        timeouts). Raft's logs are audited as in crash-loop (one leader per term, one vote per node
        per term, persisted votes survive restarts). For both it reports the time two nodes believed
        they led at once, from the logs: Bully's split brain, expected for Bully and shown, not a
        violation. It names the settings each algorithm ran. Exit status 1 on any violation, 2 for
        bad options.

        Each algorithm runs as shipped, what election-node runs with no flags, unless --textbook or
        --variant says otherwise, as in the simulated chaos; a variant must be offered by every
        algorithm that runs (pick one with --algorithm).

        Options (defaults in brackets):
          --duration-s S              seconds of faults per algorithm [\(LiveChaosOptions.defaultDurationSeconds)] (or --duration S)
          --algorithm \(BenchCommandLine.algorithmChoices) which algorithms [both]
          --nodes N                   cluster size, 3 to 51 [\(LiveChaosOptions.defaultClusterSize)]
          --seed S                    seed of the fault schedule and of the nodes' timeouts [\(BenchOptions.defaultSeed)]
          --heartbeat-ms MS           leader heartbeat [Bully 50, Raft 75]
          --election-timeout-ms T     Raft: [T, T+100) or MIN-MAX [150-250]; Bully: failure timeout [200]
          --answer-timeout-ms MS      Bully: how long a candidate waits for an ANSWER [50]
          --variant NAME              one variant, its flags over the defaults [defaults]; the names:
        \(variantNames(AlgorithmRegistry.standard.names))
          --textbook                  the same as --variant textbook: every option beyond the paper off
          -h, --help                  this text
        """

    /// "Raft: defaults, textbook, ...", one line per algorithm, under the options' text column.
    private static func variantNames(_ algorithms: [String]) -> String {
        let column = String(repeating: " ", count: 30)
        return algorithms.flatMap { algorithm in
            TextWrap.lines(column + VariantChoice.namesInWords(algorithms: [algorithm]),
                           width: ConsoleComparison.width, indent: column + "  ")
        }.joined(separator: "\n")
    }
}
