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

    /// The algorithms this package ships. A third algorithm joins with one line here, and
    /// `standard` and `open(_:with:)` both follow from it.
    ///
    /// It is a function over a visitor rather than an array so that each algorithm's concrete
    /// type reaches the visitor: `@inlinable` lets the bench's own visitors be compiled
    /// per algorithm.
    @inlinable
    static func visitStandard<Visitor: AlgorithmVisitor>(_ visitor: inout Visitor) where Visitor.Result == Void {
        visitor.visit(BullyNode.self)
        visitor.visit(RaftNode.self)
    }

    /// The algorithms this package ships, in `visitStandard`'s order.
    public static let standard: AlgorithmRegistry = {
        var collector = EntryCollector()
        visitStandard(&collector)
        return AlgorithmRegistry(collector.entries)
    }()

    /// `visitor`'s work done with `entry`'s concrete type. An entry of the standard list reaches
    /// code specialised for it (the reason to call this rather than open `entry` directly); any
    /// other entry, such as a test's toy algorithm, is opened generically.
    @inlinable
    public static func open<Visitor: AlgorithmVisitor>(_ entry: any RegisteredAlgorithm.Type,
                                                       with visitor: inout Visitor) -> Visitor.Result {
        var opener = StandardOpener(entry: entry, visitor: visitor)
        visitStandard(&opener)
        visitor = opener.visitor
        if let result = opener.result { return result }
        return visitor.visit(entry)
    }

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

/// Gathers the standard list into entries.
private struct EntryCollector: AlgorithmVisitor {
    var entries: [any RegisteredAlgorithm.Type] = []

    mutating func visit<Algorithm: RegisteredAlgorithm>(_ algorithm: Algorithm.Type) {
        entries.append(algorithm)
    }
}

/// Walks the standard list and passes the one type that is `entry` on to `visitor`.
@usableFromInline
struct StandardOpener<Visitor: AlgorithmVisitor>: AlgorithmVisitor {
    @usableFromInline let entry: any RegisteredAlgorithm.Type
    @usableFromInline var visitor: Visitor
    @usableFromInline var result: Visitor.Result?

    @inlinable
    init(entry: any RegisteredAlgorithm.Type, visitor: Visitor) {
        self.entry = entry
        self.visitor = visitor
        self.result = nil
    }

    @inlinable
    mutating func visit<Algorithm: RegisteredAlgorithm>(_ algorithm: Algorithm.Type) {
        guard result == nil, ObjectIdentifier(entry) == ObjectIdentifier(algorithm) else { return }
        result = visitor.visit(algorithm)
    }
}
