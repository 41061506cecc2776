/// One broken promise found in the nodes' logs, with the lines that show it.
struct SafetyViolation: Hashable, Sendable {
    enum Kind: String, Hashable, Sendable {
        /// Two nodes led the same term (Raft's Election Safety).
        case twoLeadersInOneTerm = "two leaders in one term"
        /// A node voted for two candidates in one term, possibly across a restart.
        case twoVotesInOneTerm = "two votes in one term"
        /// A restarted node came back with an older term, or without the vote it had given.
        case persistedStateLost = "persisted vote lost"
        /// After the faults stopped, the cluster did not agree on a leader in time.
        case noAgreedLeader = "no agreed leader"
    }

    var kind: Kind
    /// One sentence: what happened, to whom, in which term.
    var sentence: String
    /// The log lines (or status rounds) that show it.
    var evidence: [String]

    init(kind: Kind, sentence: String, evidence: [String]) {
        self.kind = kind
        self.sentence = sentence
        self.evidence = evidence
    }

    /// The sentence, then each line of evidence indented, for the console.
    var lines: [String] {
        ["violation (\(kind.rawValue)): \(sentence)"] + evidence.map { "    \($0)" }
    }
}
