/// The two rules a Bully cluster can live by. Every node of a cluster MUST use the same.
public enum BullyVariant: String, CaseIterable, Hashable, Sendable {
    /// Garcia-Molina's rule: the highest live id leads. A node that starts or returns
    /// holds an election at once and takes over from any lower leader, so every restart
    /// of the highest id changes the leader twice (once when it goes, once when it comes
    /// back).
    case classic
    /// A healthy leader keeps its place. A node that starts first listens for a leader
    /// for `failureTimeout` and follows any it hears, even a lower one; a follower that
    /// hears its leader answers a lower node's ELECTION without taking the election over;
    /// a candidate that hears a leader joins it. Leaders still settle between themselves
    /// by id, so once faults stop exactly one leader remains.
    ///
    /// What it costs: "the highest live id leads" no longer holds (a returning highest id
    /// stays a follower), and a cold start takes `failureTimeout` longer, since every node
    /// listens before it holds an election.
    case sticky
}
