/// Something done with one algorithm, written once generically and run with the algorithm's
/// concrete type (`AlgorithmRegistry.open(_:with:)`).
///
/// Opening an `any RegisteredAlgorithm.Type` directly calls the generic code unspecialized:
/// every simulator step then looks the node's type up at run time, which made the simulated
/// bench about five times slower. A visitor is handed the concrete type instead, so the
/// compiler builds a copy of the visitor's work per algorithm.
public protocol AlgorithmVisitor {
    /// What the work gives back (a `Swift.Result` when it can fail).
    associatedtype Result

    /// Does the work with `algorithm`.
    mutating func visit<Algorithm: RegisteredAlgorithm>(_ algorithm: Algorithm.Type) -> Result
}
