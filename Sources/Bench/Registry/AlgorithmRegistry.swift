import Bully
import Election
import Raft

/// The algorithms the programs offer, in the order they list them (the first is
/// `election-node`'s default).
///
/// This is the one place that names every algorithm. It is its own small module, inside
/// Sources/Bench only because the top-level layout has no other home for it: the core may
/// not name an algorithm, and an algorithm's folder may not name another, so the list must
/// live in a module that imports them all. `election-node` and the bench depend on it; a
/// test builds a registry with a toy algorithm added to prove the programs need nothing else.
public struct AlgorithmRegistry: Sendable {
    /// Every entry, in order.
    public let entries: [any RegisteredAlgorithm.Type]

    /// A registry of these entries. Names MUST be unique.
    public init(_ entries: [any RegisteredAlgorithm.Type]) {
        precondition(!entries.isEmpty, "a registry needs at least one algorithm")
        precondition(Set(entries.map { $0.algorithmName }).count == entries.count,
                     "two algorithms in a registry share a name")
        self.entries = entries
    }

    /// The algorithms this package ships. A third algorithm joins with one line here.
    public static let standard = AlgorithmRegistry([
        BullyNode.self,
        RaftNode.self,
    ])

    /// The names (`--algorithm` values), in order.
    public var names: [String] { entries.map { $0.algorithmName } }

    /// The entry called `name`, if there is one.
    public func entry(named name: String) -> (any RegisteredAlgorithm.Type)? {
        entries.first { $0.algorithmName == name }
    }

    /// Where `name` stands in the list (for ordering and colours); `nil` for a name that is
    /// not an algorithm of this package (a peer system such as etcd).
    public func position(of name: String) -> Int? {
        entries.firstIndex { $0.algorithmName == name }
    }

    /// The names as a choice in words (`a, b or c`), for help and error messages.
    public var namesInWords: String { FlagValue.choice(names) }
}
