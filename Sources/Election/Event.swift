/// One thing worth telling a learner, such as "started an election for term 5".
///
/// `kind` is a stable machine-readable name (it becomes the `event` field of
/// `--log-format json`); `message` is a sentence for people.
public struct Event: Hashable, Sendable, CustomStringConvertible {
    public var kind: Kind
    public var message: String
    /// The term or epoch the event belongs to, if the algorithm numbers its elections.
    public var term: UInt64?

    public init(_ kind: Kind, _ message: String, term: UInt64? = nil) {
        self.kind = kind
        self.message = message
        self.term = term
    }

    public var description: String { message }

    /// An open set of event names; algorithms may add their own.
    public struct Kind: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let electionStarted = Kind("election_started")
        public static let voteGranted = Kind("vote_granted")
        public static let voteRefused = Kind("vote_refused")
        public static let becameLeader = Kind("became_leader")
        public static let becameFollower = Kind("became_follower")
        public static let becameCandidate = Kind("became_candidate")
        public static let leaderChanged = Kind("leader_changed")
        public static let leaderLost = Kind("leader_lost")
        public static let peerUp = Kind("peer_up")
        public static let peerDown = Kind("peer_down")
        public static let note = Kind("note")
    }
}
