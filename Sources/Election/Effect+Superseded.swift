extension Effect {
    /// Whether `effects[index]` is a `.persist` that the very next effect, another
    /// `.persist`, supersedes, so that a runtime may skip writing it.
    ///
    /// Why that is safe: the contract is "durable before any later effect", and the later
    /// write is durable before every effect after it, while nothing at all is performed
    /// between the two, so nobody can tell whether the first ever reached the disk. A crash
    /// during the second write leaves the state from before both, which the node held while
    /// it had told nobody anything newer. The case that matters: a voter that adopts a
    /// newer term and then votes in it, in the same input, saves once (one fsync, not two)
    /// before its reply leaves.
    @inlinable
    public static func isSupersededPersist(at index: Int, in effects: [Effect]) -> Bool {
        guard case .persist = effects[index], index + 1 < effects.count,
              case .persist = effects[index + 1] else { return false }
        return true
    }
}
