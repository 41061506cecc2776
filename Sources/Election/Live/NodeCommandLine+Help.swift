import Election

extension NodeCommandLine {
    /// The timing defaults `--help` shows. The executable fills them in from
    /// `BullySettings()` and `RaftSettings()`, which stay the single source of truth.
    public struct TimingDefaults: Hashable, Sendable {
        public var bullyHeartbeat: Duration
        public var bullyFailureTimeout: Duration
        public var bullyAnswerTimeout: Duration
        public var bullyCoordinatorTimeout: Duration
        public var raftHeartbeat: Duration
        public var raftElectionTimeoutMinimum: Duration
        public var raftElectionTimeoutMaximum: Duration

        public init(bullyHeartbeat: Duration, bullyFailureTimeout: Duration,
                    bullyAnswerTimeout: Duration, bullyCoordinatorTimeout: Duration,
                    raftHeartbeat: Duration, raftElectionTimeoutMinimum: Duration,
                    raftElectionTimeoutMaximum: Duration) {
            self.bullyHeartbeat = bullyHeartbeat
            self.bullyFailureTimeout = bullyFailureTimeout
            self.bullyAnswerTimeout = bullyAnswerTimeout
            self.bullyCoordinatorTimeout = bullyCoordinatorTimeout
            self.raftHeartbeat = raftHeartbeat
            self.raftElectionTimeoutMinimum = raftElectionTimeoutMinimum
            self.raftElectionTimeoutMaximum = raftElectionTimeoutMaximum
        }
    }

    /// The `--version` line.
    public static var versionText: String { "election-node \(version) (swift-election)\n" }

    /// The `--help` text: every flag with its default, then examples.
    public static func helpText(defaults: TimingDefaults, environment: [String: String] = [:],
                                workingDirectory: String = currentDirectory()) -> String {
        let dataDirectory = stateRoot(environment, workingDirectory: workingDirectory)
            + "/raft-node-<id>-port-<port>"
        return """
        election-node: one member of a leader-election cluster (Bully or Raft) over TCP.

        USAGE
          election-node --id ID --nodes LIST [--port PORT] [--algorithm bully|raft] [options]

        CLUSTER
          --id ID                     This node's id, a positive whole number. Required.
          --nodes LIST                Every member, this node included: comma-separated id:port
                                      (host 127.0.0.1) or id:host:port entries. Required.
          --port PORT                 Port to listen on. Default: the port of this node's own
                                      --nodes entry; if given, it must agree with that entry.
          --bind HOST                 Address to listen on. Default: 127.0.0.1.
          --algorithm NAME            bully or raft. Default: bully.

        TIMING (milliseconds)
          --heartbeat-ms N            How often the leader says it is alive.
                                      Default: \(ms(defaults.bullyHeartbeat)) (bully), \(ms(defaults.raftHeartbeat)) (raft).
          --election-timeout-ms T     Bully: declare the leader dead after T ms without a
                                      heartbeat. Default: \(ms(defaults.bullyFailureTimeout)).
          --election-timeout-ms MIN-MAX
                                      Raft: each election timeout is drawn at random from
                                      [T, 2T) for a single T, or from [MIN, MAX) for a range.
                                      Default: \(ms(defaults.raftElectionTimeoutMinimum))-\(ms(defaults.raftElectionTimeoutMaximum)).
          --answer-timeout-ms N       Bully only: how long an election waits for an answer
                                      from a higher id. Default: \(ms(defaults.bullyAnswerTimeout)).
          --coordinator-timeout-ms N  Bully only: how long to wait for the winner's
                                      announcement after an answer. Default: \(ms(defaults.bullyCoordinatorTimeout)).

        OTHER
          --data-dir DIR              Raft only: where the term and vote are kept across
                                      restarts and reboots. Default here:
                                        \(dataDirectory)
                                      that is $XDG_STATE_HOME/swift-election/..., else
                                      $HOME/.local/state/swift-election/..., else
                                      ./swift-election-state/... (never /tmp, which many
                                      systems empty at boot: a node that forgets its vote
                                      could vote twice in one term). One process per
                                      directory (it is locked); the node refuses state
                                      saved by another --id or for other --nodes.
          --log-format FORMAT         text (one sentence per line) or json (one object per line,
                                      with ts in Unix epoch milliseconds). Default: text.
          --seed N                    Seed for the node's random choices (Raft's timeouts).
                                      Default: derived from the id and the clock, and printed
                                      in the first log line so a run can be repeated.
          --delay-ms N                Slow-node emulation: delay every message this node sends
                                      and receives by N ms. Default: 0.
          --control stdin             For a parent process such as election-bench: read
                                      fault commands from standard input, one JSON object
                                      per line ({"cmd":"partition","peers":[2,3]} drops all
                                      traffic to and from those peers, {"cmd":"heal"} ends
                                      it), each answered by an event line on standard
                                      output. Only the parent holds that pipe; no command is
                                      ever taken from the network. Default: off.
          --help, -h                  Show this text.
          --version                   Show the version.

        STATUS
          The node's port also answers a status query and plain HTTP:
            echo '{"type":"status"}' | nc -q1 127.0.0.1 8001
            curl -s localhost:8001/          (also /health and /status)

        EXAMPLES
          The workshop's three-node Bully cluster, one terminal each:
            election-node --port 8001 --id 1 --nodes 1:8001,2:8002,3:8003
            election-node --port 8002 --id 2 --nodes 1:8001,2:8002,3:8003
            election-node --port 8003 --id 3 --nodes 1:8001,2:8002,3:8003
          The same cluster running Raft:
            election-node --algorithm raft --id 1 --nodes 1:8001,2:8002,3:8003
          Slower timeouts that are easy to watch, with JSON logs:
            election-node --algorithm raft --id 2 --nodes 1:8001,2:8002,3:8003 \\
                --heartbeat-ms 500 --election-timeout-ms 2000-4000 --log-format json

        Stop a node with Ctrl-C (SIGINT) or SIGTERM; it exits with status 0. A bad flag
        exits with status 2. A node that cannot start exits with status 1 and one line
        saying why: a port already in use, a data directory another process holds, or
        saved state that is unreadable, corrupt, or another node's (never reset for you).

        """
    }

    private static func ms(_ duration: Duration) -> String {
        let nanoseconds = duration.nanoseconds
        if nanoseconds % 1_000_000 == 0 { return String(nanoseconds / 1_000_000) }
        return String(duration.milliseconds)
    }
}
