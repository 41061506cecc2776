import Raft

/// Which heartbeat and election timeout the bench's etcd cluster runs with
/// (`--etcd-timeouts same|defaults|H:E`).
///
/// - `same` (the default): our Raft's. etcd refuses an election timeout below five
///   heartbeats, and our Raft's defaults (heartbeat 75 ms, election 150 ms) are below that,
///   so `same` keeps the election timeout, which is what sets failover time, and lowers
///   etcd's heartbeat to a fifth of it when it must (75 becomes 30). The result says so.
/// - `defaults`: etcd's own, heartbeat 100 ms, election 1000 ms.
/// - `H:E`: heartbeat H ms, election E ms, with E at least 5 H.
///
/// etcd counts time in heartbeat ticks and draws each election timeout from
/// [E, 2E - H] in whole ticks, where our Raft draws from [T, 2T) continuously.
public enum EtcdTimeouts: Hashable, Sendable, CustomStringConvertible {
    case same
    case defaults
    case explicit(heartbeat: Duration, election: Duration)

    /// etcd's own defaults.
    static let etcdDefaultHeartbeat = Duration.milliseconds(100)
    static let etcdDefaultElection = Duration.milliseconds(1000)
    /// etcd refuses an election timeout below this many heartbeats.
    static let minimumHeartbeatsPerElection: Int64 = 5
    /// etcd refuses an election timeout above this (50 s).
    static let maximumElection = Duration.milliseconds(50_000)

    /// What a timeouts value must look like, for error messages.
    static let expected = "same, defaults, or HEARTBEAT:ELECTION in whole milliseconds with ELECTION at "
        + "least 5 x HEARTBEAT (etcd's rule), such as 50:500"

    /// `same`, `defaults` or `50:500`; `nil` when `text` is none of these or breaks etcd's rules.
    static func parse(_ text: String) -> EtcdTimeouts? {
        switch text.lowercased() {
        case "same": return .same
        case "defaults", "default": return .defaults
        default: break
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let heartbeat = Int64(parts[0]), let election = Int64(parts[1]), heartbeat >= 1,
              election >= heartbeat * minimumHeartbeatsPerElection, election <= 50_000
        else { return nil }
        return .explicit(heartbeat: .milliseconds(heartbeat), election: .milliseconds(election))
    }

    public var description: String {
        switch self {
        case .same: "same"
        case .defaults: "defaults"
        case .explicit(let heartbeat, let election): "\(Self.ms(heartbeat)):\(Self.ms(election))"
        }
    }

    /// The heartbeat and election timeout etcd runs with when ours are `raft`, and a
    /// sentence saying how they were chosen.
    func resolve(against raft: RaftSettings) throws(LiveBenchError)
        -> (heartbeat: Duration, election: Duration, note: String)
    {
        switch self {
        case .defaults:
            return (Self.etcdDefaultHeartbeat, Self.etcdDefaultElection,
                    "etcd runs at its own default timeouts (--etcd-timeouts defaults).")
        case .explicit(let heartbeat, let election):
            return (heartbeat, election, "etcd runs at the timeouts given with --etcd-timeouts \(self).")
        case .same:
            let heartbeat = Duration.milliseconds(Int64(raft.heartbeatInterval.milliseconds.rounded()))
            let election = Duration.milliseconds(Int64(raft.electionTimeoutMin.milliseconds.rounded()))
            guard election <= Self.maximumElection else {
                throw .invalidOptions("etcd refuses an election timeout above 50,000 ms; use --etcd-timeouts H:E")
            }
            if election >= heartbeat * Self.minimumHeartbeatsPerElection {
                return (heartbeat, election, "etcd runs at our Raft's heartbeat and shortest election timeout "
                    + "(--etcd-timeouts same).")
            }
            let lowered = Duration.milliseconds(Int64(election.milliseconds) / Self.minimumHeartbeatsPerElection)
            guard lowered >= .milliseconds(1) else {
                throw .invalidOptions("etcd needs an election timeout of at least 5 ms; use longer "
                    + "--election-timeout-ms or --etcd-timeouts defaults")
            }
            return (lowered, election,
                    "etcd runs at our Raft's shortest election timeout, \(Self.ms(election)) ms "
                        + "(--etcd-timeouts same); it refuses one below 5 heartbeats, so its heartbeat is "
                        + "\(Self.ms(lowered)) ms instead of our \(Self.ms(heartbeat)) ms.")
        }
    }

    private static func ms(_ duration: Duration) -> String { String(Int64(duration.milliseconds.rounded())) }
}
