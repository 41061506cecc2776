import Election
import Foundation

/// Everything a live run needs: where `election-node` is, the cluster's shape and
/// timeouts, how many trials, and how long each kind of observation lasts.
///
/// The defaults keep the default live failover (3 nodes, Bully and Raft, 10 trials each)
/// to about half a minute on a 2-core machine, so the whole default bench stays well under
/// two minutes.
public struct LiveBenchOptions: Hashable, Sendable {
    /// The timeouts the nodes run with, as `election-node` flags.
    public struct Timing: Hashable, Sendable {
        /// How often the leader says it is alive (`--heartbeat-ms`), both algorithms.
        public var heartbeat: Duration = .milliseconds(50)
        /// Raft: each election timeout is drawn from `[min, max)` (`--election-timeout-ms MIN-MAX`).
        public var raftElectionTimeoutMin: Duration = .milliseconds(150)
        public var raftElectionTimeoutMax: Duration = .milliseconds(300)
        /// Bully: silence from the leader for this long means it is dead (`--election-timeout-ms T`).
        public var bullyFailureTimeout: Duration = .milliseconds(200)
        /// Bully: how long an election waits for an ANSWER from a higher id (`--answer-timeout-ms`).
        public var bullyAnswerTimeout: Duration = .milliseconds(50)
        /// Bully: how long a node that got an ANSWER waits for the winner's COORDINATOR
        /// (`--coordinator-timeout-ms`). The simulated bench uses 200 ms or four answer
        /// timeouts, whichever is longer; so does `setBullyAnswerTimeout(_:)`.
        public var bullyCoordinatorTimeout: Duration = .milliseconds(200)

        public init() {}

        /// Sets Bully's answer timeout and, as the simulated bench does, its coordinator
        /// timeout: 200 ms or four answer timeouts, whichever is longer.
        public mutating func setBullyAnswerTimeout(_ answerTimeout: Duration) {
            bullyAnswerTimeout = answerTimeout
            bullyCoordinatorTimeout = max(.milliseconds(200), answerTimeout * 4)
        }

        /// The timing flags for `algorithm`, in whole milliseconds.
        public func nodeArguments(algorithm: String) -> [String] {
            var arguments = ["--heartbeat-ms", Self.flag(heartbeat)]
            if algorithm == "raft" {
                arguments += ["--election-timeout-ms",
                              Self.flag(raftElectionTimeoutMin) + "-" + Self.flag(raftElectionTimeoutMax)]
            } else {
                arguments += ["--election-timeout-ms", Self.flag(bullyFailureTimeout),
                              "--answer-timeout-ms", Self.flag(bullyAnswerTimeout),
                              "--coordinator-timeout-ms", Self.flag(bullyCoordinatorTimeout)]
            }
            return arguments
        }

        /// The same timeouts as the results record them.
        public func settings(algorithm: String) -> TimingSettings {
            if algorithm == "raft" {
                return TimingSettings(heartbeatMs: heartbeat.milliseconds,
                                      electionTimeoutMs: MillisecondRange(raftElectionTimeoutMin.milliseconds,
                                                                          raftElectionTimeoutMax.milliseconds))
            }
            return TimingSettings(heartbeatMs: heartbeat.milliseconds,
                                  failureTimeoutMs: bullyFailureTimeout.milliseconds,
                                  answerTimeoutMs: bullyAnswerTimeout.milliseconds)
        }

        /// The timeout a slow node's delay is compared with in `slow-highest`: Bully's
        /// answer timeout (a lower node waits that long for the highest id's ANSWER),
        /// Raft's shortest election timeout (a follower waits at least that long for the
        /// leader's heartbeat).
        public func slowNodeReference(algorithm: String) -> (timeout: Duration, name: String) {
            algorithm == "raft"
                ? (raftElectionTimeoutMin, "minimum election timeout")
                : (bullyAnswerTimeout, "answer timeout")
        }


        static func flag(_ duration: Duration) -> String { String(Int64(duration.milliseconds.rounded())) }

        func validate() throws(LiveBenchError) {
            let all = [heartbeat, raftElectionTimeoutMin, raftElectionTimeoutMax, bullyFailureTimeout,
                       bullyAnswerTimeout, bullyCoordinatorTimeout]
            guard all.allSatisfy({ $0 >= .milliseconds(1) && $0.milliseconds == $0.milliseconds.rounded() }) else {
                throw .invalidOptions("every timeout must be a whole number of milliseconds, at least 1")
            }
            guard raftElectionTimeoutMin <= raftElectionTimeoutMax else {
                throw .invalidOptions("the Raft election timeout's minimum must not exceed its maximum")
            }
        }
    }

    /// The `election-node` executable; `nil` means "next to the running program".
    public var nodeBinaryPath: String?
    /// Nodes in the cluster for failover, rejoin, slow-highest and flapping.
    public var clusterSize = 3
    /// Failover trials per algorithm (each also yields one rejoin trial).
    public var trials = 10
    public var timing = Timing()
    /// Node `i` runs with `--seed seed + i`, so Raft's timeouts repeat from run to run
    /// (the live timing itself never repeats exactly).
    public var seed: UInt64 = 1
    /// Where each run makes its temporary directory (Raft data, node error output);
    /// `nil` means the system's temporary directory. The run's directory is removed after.
    public var workDirectory: String?
    /// Pause between status-polling rounds while a failover is under way. Each round asks
    /// every survivor once, so the round period (reported) is this plus the queries.
    public var pollInterval: Duration = .milliseconds(2)
    /// How long the cluster must keep one agreed leader before the next fault.
    public var settleTime: Duration = .milliseconds(250)
    /// A trial with no agreed leader after this long is recorded as unfinished.
    public var trialTimeout: Duration = .seconds(10)
    /// How long a node may take to start listening.
    public var startTimeout: Duration = .seconds(10)
    /// The observation window of slow-highest and zombie; also how long slow-highest waits
    /// for agreement in its failover trials.
    public var stormWindow: Duration = .seconds(2)
    /// slow-highest: the highest id's delay as multiples of `Timing.slowNodeReference`.
    public var slowFactors: [Double] = [0.5, 1, 2]
    /// slow-highest: failover trials after the window, per delay.
    public var slowFailoverTrials = 2
    /// rejoin: how long the cluster runs under its new leader before the old one returns,
    /// and the least time the bench then watches (it also waits until the cluster settles).
    public var rejoinDelay: Duration = .seconds(1)
    public var rejoinObservation: Duration = .seconds(2)
    /// flapping: the node is killed every `flapPeriod` and restarted half a period later,
    /// `flapCycles` times.
    public var flapPeriod: Duration = .milliseconds(500)
    public var flapCycles = 10
    /// scale: the cluster sizes, and failover trials for each.
    public var scaleSizes = [3, 5, 7, 9]
    public var scaleTrials = 3

    public init() {}

    /// Checks the options once, before any process starts.
    public func validate() throws(LiveBenchError) {
        try timing.validate()
        guard clusterSize >= 2 else { throw .invalidOptions("a live cluster needs at least 2 nodes") }
        guard clusterSize <= 51 else { throw .invalidOptions("a live cluster of more than 51 nodes is not supported") }
        guard trials >= 1, slowFailoverTrials >= 0, scaleTrials >= 1 else {
            throw .invalidOptions("trial counts must be at least 1")
        }
        guard scaleSizes.allSatisfy({ (2...51).contains($0) }) else {
            throw .invalidOptions("scale sizes must be between 2 and 51 nodes")
        }
        guard slowFactors.allSatisfy({ $0 >= 0 }) else { throw .invalidOptions("slow factors must not be negative") }
        guard flapPeriod >= .milliseconds(20), flapCycles >= 1 else {
            throw .invalidOptions("flapping needs a period of at least 20 ms and at least one cycle")
        }
        guard rejoinDelay >= .zero, rejoinObservation >= .zero else {
            throw .invalidOptions("the rejoin delay and observation must not be negative")
        }
        guard pollInterval >= .zero, settleTime >= .zero, trialTimeout > .zero, stormWindow > .zero else {
            throw .invalidOptions("poll interval, settle time, trial timeout and window must be positive")
        }
    }

    /// The `election-node` to run: `nodeBinaryPath` if set, else the first executable
    /// `election-node` next to the running program.
    public func resolvedNodeBinary() throws(LiveBenchError) -> URL {
        let candidates = nodeBinaryPath.map { [URL(fileURLWithPath: $0)] } ?? Self.defaultNodeBinaryCandidates()
        if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) {
            return found
        }
        throw .nodeBinaryMissing(looked: candidates.map(\.path))
    }

    /// Where `election-node` usually is: in the directory of the running executable
    /// (`swift build` puts every product of the package side by side; a test runner's
    /// bundle sits there too).
    public static func defaultNodeBinaryCandidates() -> [URL] {
        var directories: [URL] = []
        if let program = CommandLine.arguments.first, !program.isEmpty {
            let path = program.contains("/") ? program : (Self.searchPath(for: program) ?? program)
            directories.append(URL(fileURLWithPath: path).resolvingSymlinksInPath().deletingLastPathComponent())
        }
        if let executable = Bundle.main.executableURL {
            directories.append(executable.resolvingSymlinksInPath().deletingLastPathComponent())
        }
        directories.append(Bundle.main.bundleURL.deletingLastPathComponent())
        var seen: Set<String> = []
        return directories.map { $0.appendingPathComponent("election-node").standardizedFileURL }
            .filter { seen.insert($0.path).inserted }
    }

    /// The program's full path when it was started through `$PATH`.
    private static func searchPath(for program: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return path.split(separator: ":").map { "\($0)/\(program)" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
