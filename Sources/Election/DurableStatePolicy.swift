/// What an algorithm keeps across crashes, as `election-node` needs to know it.
public enum DurableStatePolicy: Hashable, Sendable {
    /// Nothing: a restarted node starts afresh, and `--data-dir` does not apply.
    case none
    /// A file in the node's data directory, holding `what` (such as "the term and the vote"),
    /// saved before every effect that depends on it. The runtime locks the directory and
    /// refuses state saved by another node or for another membership.
    case file(what: String)
}
