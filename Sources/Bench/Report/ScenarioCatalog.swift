/// What each well-known scenario does and what it measures, in words, for the reports.
/// A runner that adds a scenario of its own explains it in its result's `notes` instead.
enum ScenarioCatalog {
    struct Entry: Sendable, Hashable {
        /// A short title: "Leader failover".
        var title: String
        /// What the bench does to the cluster.
        var procedure: String
        /// What the numbers answer.
        var question: String
    }

    static func entry(for scenario: ScenarioName) -> Entry? {
        entries[scenario]
    }

    /// The title for headings: the catalog's, or the scenario's own name.
    static func title(for scenario: ScenarioName) -> String {
        entry(for: scenario)?.title ?? scenario.rawValue
    }

    private static let entries: [ScenarioName: Entry] = [
        .failover: Entry(
            title: "Leader failover",
            procedure: "A healthy cluster agrees on a leader; the bench kills the leader (SIGKILL for live nodes, a crash in the simulator) and watches the survivors.",
            question: "How long until every surviving node names the same new leader, and how many messages does it take?"),
        .rejoin: Entry(
            title: "A crashed node rejoins",
            procedure: "After a failover the crashed node starts again. In Bully a returning higher id calls an election and takes over; in Raft it comes back as a follower, unless its election timer fires first and raises the term.",
            question: "Does a returning node cause another leader change, and how much leaderless time does that cost?"),
        .slowHighest: Entry(
            title: "The highest id is slow",
            procedure: "The node with the highest id answers slowly (its messages are delayed), then the leader is killed. Bully waits on the highest id by design; Raft does not care about ids.",
            question: "How much does one slow, high-id node stretch elections?"),
        .flapping: Entry(
            title: "Flapping node (election storm)",
            procedure: "One node crashes and restarts again and again while the bench watches the cluster.",
            question: "How many elections, leader changes and term increments does a flapping node cause, and how long is the cluster without an agreed leader?"),
        .partition: Entry(
            title: "Network partition",
            procedure: "The network splits the cluster in two (the old leader on the minority side), then heals.",
            question: "Is there ever more than one leader (split brain), for how long, and how disruptive is the heal?"),
        .zombie: Entry(
            title: "Zombie member (the etcd 3.5 to 3.6 upgrade incident)",
            procedure: "The membership lists one member that never runs (a \"zombie\": 4 configured, 3 running). Once the running nodes agree on a leader, the leader is stopped as with Ctrl+C and the bench watches the two survivors.",
            question: "Can the survivors still elect a leader when the configured membership counts a member that does not exist? Raft needs a majority of the configured members (3 of 4); Bully only needs the highest running id."),
        .scale: Entry(
            title: "Cluster size",
            procedure: "The failover scenario repeated for growing clusters: 3 to 9 live nodes, up to 51 simulated.",
            question: "How do failover time and messages per election grow with the number of nodes?"),
        .figure16: Entry(
            title: "The Raft paper's Figure 16",
            procedure: "Raft only: crash the leader and time the next election, 1,000 times per election-timeout range, as in the paper's §9.3.",
            question: "How much randomness does the election timeout need, and how short can it be?"),
    ]
}
