import Election
import ElectionSimulation
import Raft

/// The Raft paper's Figure 16 (Ongaro and Ousterhout, USENIX ATC 2014, §9.3; chapter 9 of
/// Ongaro's dissertation) redone in the simulator.
///
/// The paper's setup, and how each part is reproduced here:
/// - **Five servers with a broadcast time of roughly 15 ms**, "network round trip plus disk
///   write". Both parts are modelled: each message takes 2 to 3 ms one way
///   (`paperLikeNetwork`), and a vote or new term takes 6 ms to reach the disk before the
///   reply that depends on it may leave (`DiskLatencyNode`). A vote request and its reply
///   thus take 10 to 12 ms, 11 ms on average, a little under the paper's figure; why not
///   15 ms is in `Figure16Comparison`'s notes.
/// - **Logs of different lengths, so that two of the four survivors cannot win**: nodes 3,
///   4 and 5 have a log ending at index 2, nodes 1 and 2 one ending at index 1 (all in term
///   1), given as `RaftPersistentState` before the first start. Only 3, 4 or 5 can lead;
///   after the leader's crash only the two other long-log nodes can win, and they need a
///   vote from a short-log node.
/// - **Heartbeat interval half the minimum election timeout**, and **the leader crashed at
///   a uniformly random point of its heartbeat interval, right after a heartbeat round**
///   (the paper's "synchronized heartbeats", which start the followers' election timers at
///   about the same moment and so provoke split votes).
/// - **What is timed**: from the crash until every survivor has heard from the new leader
///   (its first heartbeat, sent the moment it wins), the dissertation's definition of the
///   downtime. The moment the new leader counts its votes is one one-way delay earlier.
///
/// Each trial is a fresh cluster: node 5 starts first and the others half a minimum timeout
/// later, so node 5 wins the first election even without randomness in the timeouts.
/// Trials with no leader `trialCap` after the crash stop there and count as unfinished.
struct Figure16Experiment: Sendable {
    var seed: UInt64
    /// Trials per range; the 150-150 range gets a tenth of it (at least one), as in the paper.
    var trialsPerRange: Int
    var ranges: [MillisecondRange]
    var network: LinkConditions
    /// How long a trial may take after the crash before it counts as unfinished.
    var trialCap: Duration
    /// How long a node's durable write (term, vote) takes before its reply may leave.
    var diskWriteLatency: Duration
    /// Whether a candidate also waits for its own write before asking for votes.
    var candidateWaitsForWrite: Bool

    static let paperTrialsPerRange = 1000
    /// One-way delays uniform in [2 ms, 3 ms): a small LAN with busy servers.
    static let paperLikeNetwork = LinkConditions(baseDelay: .milliseconds(2), jitter: .milliseconds(1))
    /// An SSD `fsync`, the rest of the paper's broadcast time.
    static let paperLikeDiskWriteLatency: Duration = .milliseconds(6)
    static let defaultTrialCap: Duration = .seconds(30)

    init(seed: UInt64, trialsPerRange: Int = Figure16Experiment.paperTrialsPerRange,
                ranges: [MillisecondRange] = Figure16Result.paperRanges,
                network: LinkConditions = Figure16Experiment.paperLikeNetwork,
                trialCap: Duration = Figure16Experiment.defaultTrialCap,
                diskWriteLatency: Duration = Figure16Experiment.paperLikeDiskWriteLatency,
                candidateWaitsForWrite: Bool = false) {
        self.seed = seed
        self.trialsPerRange = trialsPerRange
        self.ranges = ranges
        self.network = network
        self.trialCap = trialCap
        self.diskWriteLatency = diskWriteLatency
        self.candidateWaitsForWrite = candidateWaitsForWrite
    }

    /// Trials for one range.
    func trials(for range: MillisecondRange) -> Int {
        range.min == range.max ? max(1, trialsPerRange / 10) : max(1, trialsPerRange)
    }

    /// Runs every range and returns the result, with the comparison to the paper in `notes`.
    func run(progress: @escaping @Sendable (String) -> Void) -> Figure16Result {
        let wireSizes = WireSizeCache<RaftMessage>()
        var rows: [Figure16Row] = []
        for range in ranges {
            let count = trials(for: range)
            var times: [Double] = []
            var unfinished = 0
            let reportEvery = max(1, count / 5)
            for trial in 1...count {
                if let time = electionTime(range: range, trial: trial, wireSizes: wireSizes) {
                    times.append(time)
                } else {
                    unfinished += 1
                }
                if trial % reportEvery == 0 || trial == count {
                    progress("sim · figure16 · Raft · 5 nodes · election timeout \(range) ms · trial \(trial)/\(count)")
                }
            }
            rows.append(Figure16Row(range: range, electionTimesMs: times, unfinished: unfinished))
        }
        let comparison = Figure16Comparison(rows: rows, experiment: self)
        return Figure16Result(
            algorithm: RaftNode.algorithmName, mode: .sim, clusterSize: 5, heartbeatMs: nil,
            trialCapMs: trialCap.milliseconds, seed: seed, measurement: .virtualClock,
            options: ["heartbeat": "half the shortest election timeout",
                      "network": SimNetwork.describe(network),
                      "disk_write_ms": ReportNumber.plain(diskWriteLatency.milliseconds),
                      "logs": "nodes 3-5 end at index 2, nodes 1-2 at index 1 (term 1)"],
            rows: rows, notes: comparison.notes)
    }

    /// One trial: milliseconds from the crash until every survivor knows the new leader, or
    /// `nil` when that did not happen within `trialCap` (or no first leader was elected).
    func electionTime(range: MillisecondRange, trial: Int, wireSizes: WireSizeCache<RaftMessage>) -> Double? {
        let seed = TrialSeeds.seed(master: self.seed, scenario: "figure16", variant: "\(range)", trial: trial)
        let minimum = Duration.milliseconds(range.min)
        // The paper's Figure 16 is the textbook election: no option beyond it.
        var raft = RaftSettings(heartbeatInterval: minimum / 2, electionTimeoutMin: minimum,
                                electionTimeoutMax: .milliseconds(range.max))
        raft.disableEveryOption()
        let settings = DiskLatencyNode<RaftNode>.Settings(inner: raft, writeLatency: diskWriteLatency,
                                                           broadcastsWaitForWrite: candidateWaitsForWrite)
        let longLog = RaftPersistentState(lastLogIndex: 2, lastLogTerm: 1)
        let shortLog = RaftPersistentState(lastLogIndex: 1, lastLogTerm: 1)
        let cluster = SimCluster<DiskLatencyNode<RaftNode>>(
            members: [1, 2, 3, 4, 5], seed: seed, network: network, settings: { _ in settings },
            initialDurable: [1: shortLog, 2: shortLog, 3: longLog, 4: longLog, 5: longLog],
            wireSizes: wireSizes)
        // 1. Node 5 starts first, so its timer fires before anyone else's, even at 150-150.
        cluster.start(5)
        cluster.after(raft.heartbeatInterval) { $0.startAll() }
        guard cluster.runUntilAgreed(timeout: .seconds(60)) else { return nil }
        // 2. Two quiet heartbeat intervals, then the crash at a random point after a round.
        cluster.run(for: raft.heartbeatInterval * 2)
        guard let leader = cluster.agreedLeader else { return nil }
        var random = TrialSeeds.scenarioRandom(trialSeed: seed)
        cluster.moveToRandomPointOfHeartbeatInterval(random: &random)
        cluster.beginWindow()
        cluster.startFailoverClock()
        cluster.crash(leader)
        // 3. The downtime: until every survivor has heard from the new leader.
        guard cluster.runUntilAgreed(timeout: trialCap) else { return nil }
        return cluster.finish(trial: trial, seed: seed).failoverMs
    }
}
