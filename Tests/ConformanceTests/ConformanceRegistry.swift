import AlgorithmRegistry
import Election

extension AlgorithmRegistry {
    /// Every algorithm the package ships, plus the test-only toy: what the conformance suite
    /// runs, so that a new entry in `standard` is covered without a change here.
    static let conformance = AlgorithmRegistry(AlgorithmRegistry.standard.entries + [LowestIDNode.self])
}
