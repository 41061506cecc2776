import Election

/// How a node sees its configured membership, for the status reply: the member-list
/// fingerprint it sends, the peers whose messages it refused for carrying another one,
/// the members it never heard from, and how many it can reach against the majority that
/// elections need.
///
/// A member is *reachable* when a line from it (a message, or the `greeting` every node sends
/// each peer at least once a second) was accepted within `LiveNode.reachableWindow`; this
/// node always counts itself. That makes the count honest about partitions and hung
/// processes, which leave connections open, and about zombies: a configured member that
/// never ran is never heard from, and is listed as such from the start, before the
/// failure that would leave the others without a majority.
public struct MembershipHealth: Hashable, Sendable {
    /// Messages refused from one peer because its member-list fingerprint differs.
    public struct Mismatch: Codable, Hashable, Sendable {
        public var peer: NodeID
        /// The fingerprint its latest refused message carried.
        public var fingerprint: String
        /// Messages refused from it since this node started.
        public var count: Int

        public init(peer: NodeID, fingerprint: String, count: Int) {
            self.peer = peer
            self.fingerprint = fingerprint
            self.count = count
        }
    }

    /// This node's own member-list fingerprint (`Membership.fingerprint`).
    public var fingerprint: String
    /// By peer id.
    public var mismatches: [Mismatch]
    /// Other members this node has accepted no line from since it started, in id order.
    public var neverHeardFrom: [NodeID]
    /// Members reachable now, this node included, in id order.
    public var reachable: [NodeID]
    /// How many members elections need (a majority of the configured ones); `nil` for an
    /// algorithm that elects among whoever is reachable.
    public var quorum: Int?

    public init(fingerprint: String, mismatches: [Mismatch] = [], neverHeardFrom: [NodeID] = [],
                reachable: [NodeID], quorum: Int?) {
        self.fingerprint = fingerprint
        self.mismatches = mismatches
        self.neverHeardFrom = neverHeardFrom
        self.reachable = reachable
        self.quorum = quorum
    }

    /// The quorum margin as a sentence, with `configured` members in all:
    /// "3 of 4 configured members reachable; one more failure stops elections".
    public func marginSentence(configured: Int) -> String {
        let count = "\(reachable.count) of \(configured) configured members reachable"
        guard let quorum else { return count + "; elections need no majority, so failures do not stop them" }
        let spare = reachable.count - quorum
        switch spare {
        case ..<0:
            let missing = -spare
            return count + "; elections are stopped: they need \(quorum), so "
                + (missing == 1 ? "one more member" : "\(missing) more members") + " must be reachable"
        case 0:
            return count + "; one more failure stops elections"
        default:
            return count + "; elections survive " + (spare == 1 ? "one more failure" : "\(spare) more failures")
                + ", and stop after " + (spare == 1 ? "two" : "\(spare + 1)")
        }
    }
}
