/// What `election-bench` knows about each scenario: its name, a one-line summary for
/// `--help`, a paragraph for `election-bench SCENARIO --help`, and where it can run.
struct ScenarioDefinition: Hashable, Sendable {
    var name: ScenarioName
    var summary: String
    /// What the scenario does, step by step, and what its numbers mean.
    var details: String
    /// Whether real processes can run it (`--live`); every scenario runs in the simulator,
    /// and every per-algorithm one (`ScenarioVariants.scenarios`) live too.
    var runsLive: Bool
    /// Trials per result in the simulator when `--trials` is not given.
    var defaultSimulatedTrials: Int

    init(name: ScenarioName, summary: String, details: String, runsLive: Bool,
                defaultSimulatedTrials: Int) {
        self.name = name
        self.summary = summary
        self.details = details
        self.runsLive = runsLive
        self.defaultSimulatedTrials = defaultSimulatedTrials
    }

    static func named(_ name: String) -> ScenarioDefinition? {
        all.first { $0.name.rawValue == name }
    }

    /// Every scenario, in the order `--help` lists them.
    static let all: [ScenarioDefinition] = [
        ScenarioDefinition(
            name: .failover,
            summary: "kill the leader; time until every survivor names the same new leader",
            details: """
                A cluster elects a leader. Just after one of the leader's heartbeat rounds, at a
                uniformly random point of its heartbeat interval, the leader is killed. The trial
                measures the failover time: from the kill until every surviving node names the
                same new leader, which is itself running as leader. It then keeps watching for
                one longest election timeout to catch a second change. Each trial is a fresh
                cluster with its own seed, derived from --seed.
                """,
            runsLive: true, defaultSimulatedTrials: 200),
        ScenarioDefinition(
            name: .rejoin,
            summary: "the killed leader comes back: leader changes and leaderless time it causes",
            details: """
                As failover; one second after the new leader is agreed, the old leader restarts.
                The bench watches for two seconds from the restart and counts the leader changes,
                elections and term increments the return causes, and the time without an agreed
                leader (which includes the moments when the returning node does not know the
                leader yet). Bully's highest id takes leadership back; Raft's returning node
                follows the new leader.
                """,
            runsLive: true, defaultSimulatedTrials: 100),
        ScenarioDefinition(
            name: .slowHighest,
            summary: "the highest surviving id is slow (0.5x, 1x, 2x the answer/election timeout)",
            details: """
                Workshop challenge 1. As failover, but at the moment the leader is killed, the
                highest id that survives gets an extra one-way delay on every message to and from
                it: 0.5, 1 and 2 times the answer timeout (Bully) or the shortest election timeout
                (Raft); one result per factor. Bully must wait for that node, since it has the
                highest id; Raft does not care about ids, but a slow node's late votes and
                higher terms can still disturb it. The bench watches two seconds after the kill.
                """,
            runsLive: true, defaultSimulatedTrials: 100),
        ScenarioDefinition(
            name: .flapping,
            summary: "one node crashes and restarts every 500 ms for 5 s (highest id, then a follower)",
            details: """
                Workshop challenge 2. Once the cluster has a leader, one node is killed, restarted
                250 ms later, killed again 250 ms after that, and so on for 10 cycles. One result
                flaps the highest id (Bully's leader by definition), one the lowest id that is not
                leading. The bench counts elections, leader changes, term increments, time without
                an agreed leader and split-brain time over the whole storm, and draws the
                leadership timeline of the median trial.
                """,
            runsLive: true, defaultSimulatedTrials: 50),
        ScenarioDefinition(
            name: .partition,
            summary: "the leader is cut off from the others for 1 s, then the network heals",
            details: """
                Once the cluster has a leader, the network isolates it (messages to and from it
                are lost) for one second, then heals; the bench watches two more seconds.
                Failover is measured on the connected side: until all of its nodes name the same
                new leader. Split brain counts every running node in the leader role, so an
                isolated leader that still believes it leads counts, in Bully and in Raft alike
                (Raft without CheckQuorum keeps the role, although it cannot commit anything).
                Live, the bench tells each node on its standard input (election-node --control
                stdin, a channel only the bench holds) which peers to drop traffic to and from:
                connections stay open and nobody is told, as in a real cut.
                """,
            runsLive: true, defaultSimulatedTrials: 100),
        ScenarioDefinition(
            name: .zombie,
            summary: "4 members configured, 3 running; then the leader stops (the etcd upgrade incident)",
            details: """
                The membership lists 4 nodes but only 3 run (the 4th is a "zombie" member, as in
                the etcd v3.5 to v3.6 upgrade incident). Once they agree on a leader, the leader
                is stopped (as with Ctrl+C). Raft needs 3 votes of the 4 configured members and
                only 2 nodes are left: it cannot elect a leader, and its terms climb. Bully only
                needs the highest running id, so it elects one. The bench watches two seconds.
                """,
            runsLive: true, defaultSimulatedTrials: 100),
        ScenarioDefinition(
            name: .scale,
            summary: "failover and messages per election for 3, 5, 7, 9 ... 51 nodes",
            details: """
                The failover scenario for growing clusters: 3, 5, 7, 9, 11, 15, 21, 25, 31, 41 and
                51 nodes in the simulator (3, 5, 7, 9 live), one result per size. --nodes takes a
                comma-separated list of sizes instead. The messages per election show Bully's
                quadratic ELECTION/ANSWER traffic against Raft's linear vote requests.
                """,
            runsLive: true, defaultSimulatedTrials: 50),
        ScenarioDefinition(
            name: .figure16,
            summary: "the Raft paper's Figure 16: election time for 10 election-timeout ranges",
            details: """
                Raft only, in the simulator, as in section 9.3 of the Raft paper: five servers;
                a vote request and its reply take about 11 ms (2 to 3 ms each way plus a 6 ms
                disk write before the vote is sent back; the paper's cluster had a broadcast time
                of roughly 15 ms); logs of different lengths so that two of the four survivors
                cannot win; heartbeat interval half the shortest election timeout; the leader
                crashed at a uniformly random point of its heartbeat interval, right after a
                heartbeat round. Ranges 150-150, 150-151, 150-155, 150-175, 150-200, 150-300,
                12-24, 25-50, 50-100 and 100-200 ms; 1,000 trials each (100 for 150-150, whose
                trials stop at 30 s of simulated time). The time is the paper's: from the crash
                until every survivor has heard from the new leader. Our numbers are printed next
                to the paper's, and the notes in results.json say where and why they differ.
                --trials N runs N per range (N/10 for 150-150); timing flags do not apply.
                Writes figure16.json.
                """,
            runsLive: false, defaultSimulatedTrials: 1000),
    ]
}
