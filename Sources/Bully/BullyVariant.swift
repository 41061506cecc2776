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
    /// listens before it holds an election. So the chaos check's recovery rule (once faults
    /// stop, the highest running id leads) is classic's only; sticky promises exactly one
    /// leader that every running node follows, whichever id it is.
    ///
    /// What it buys (simulator, 5 nodes): the highest id crashed every second and restarted
    /// half a second later changes the leader once in 30 s instead of 60 times; with
    /// `fastDetect`, a next-in-line node slowed by twice the answer timeout as the leader
    /// crashes costs one leader change instead of two or three. Without `fastDetect` that slow
    /// node still races the others (they time out together and both lead for a moment).
    case sticky
}
