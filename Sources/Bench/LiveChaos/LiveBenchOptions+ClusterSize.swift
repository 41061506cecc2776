extension LiveBenchOptions {
    /// `validate()` for a cluster of `clusterSize`, which must have at least 3 nodes
    /// (`problem` says why, when it has fewer).
    func validate(clusterSize: Int, orSay problem: String) throws(LiveBenchError) {
        var check = self
        check.clusterSize = clusterSize
        try check.validate()
        guard clusterSize >= 3 else { throw .invalidOptions(problem) }
    }
}
