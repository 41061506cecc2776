import Election

/// The simulated network between members: link conditions, slow nodes and partitions,
/// kept in flat tables indexed by member position so that sending costs no hashing.
///
/// Links are directional: the link from 1 to 2 may differ from the link from 2 to 1.
@usableFromInline
struct NetworkModel {
    /// A link's conditions with all delays resolved to nanoseconds, slow-node extras included.
    @usableFromInline
    struct Link {
        @usableFromInline var baseDelay: Int64
        @usableFromInline var jitter: Int64
        @usableFromInline var lossProbability: Double
        @usableFromInline var duplicationProbability: Double

        @inlinable
        init(baseDelay: Int64, jitter: Int64, lossProbability: Double, duplicationProbability: Double) {
            self.baseDelay = baseDelay
            self.jitter = jitter
            self.lossProbability = lossProbability
            self.duplicationProbability = duplicationProbability
        }
    }

    @usableFromInline let memberCount: Int
    @usableFromInline var defaultConditions: LinkConditions
    @usableFromInline var overrides: [LinkConditions?]
    @usableFromInline var slowNodeDelay: [Int64]
    @usableFromInline var links: [Link]
    /// Nodes deliver to each other only when they are in the same group.
    @usableFromInline var group: [Int]

    @inlinable
    init(memberCount: Int, defaultConditions: LinkConditions) {
        self.memberCount = memberCount
        self.defaultConditions = defaultConditions
        overrides = Array(repeating: nil, count: memberCount * memberCount)
        slowNodeDelay = Array(repeating: 0, count: memberCount)
        links = []
        group = Array(repeating: 0, count: memberCount)
        resolveAll()
    }

    @inlinable @inline(__always)
    func link(from sender: Int, to receiver: Int) -> Link { links[sender * memberCount + receiver] }

    /// Whether no partition separates the two nodes.
    @inlinable @inline(__always)
    func connects(_ sender: Int, _ receiver: Int) -> Bool { group[sender] == group[receiver] }

    @inlinable
    mutating func setDefault(_ conditions: LinkConditions) {
        defaultConditions = conditions
        resolveAll()
    }

    @inlinable
    mutating func setLink(from sender: Int, to receiver: Int, _ conditions: LinkConditions) {
        overrides[sender * memberCount + receiver] = conditions
        resolveAll()
    }

    @inlinable
    mutating func setSlowNode(_ position: Int, extraDelay: Duration) {
        slowNodeDelay[position] = max(0, extraDelay.nanoseconds)
        resolveAll()
    }

    /// `groupOf[position]` names each member's side of the partition.
    @inlinable
    mutating func partition(groupOf: [Int]) {
        precondition(groupOf.count == memberCount)
        group = groupOf
    }

    @inlinable
    mutating func heal() {
        group = Array(repeating: 0, count: memberCount)
    }

    @inlinable
    mutating func resolveAll() {
        links.removeAll(keepingCapacity: true)
        for sender in 0..<memberCount {
            for receiver in 0..<memberCount {
                let conditions = overrides[sender * memberCount + receiver] ?? defaultConditions
                let extra = slowNodeDelay[sender] + slowNodeDelay[receiver]
                links.append(Link(
                    baseDelay: max(0, conditions.baseDelay.nanoseconds) + extra,
                    jitter: max(0, conditions.jitter.nanoseconds),
                    lossProbability: min(max(conditions.lossProbability, 0), 1),
                    duplicationProbability: min(max(conditions.duplicationProbability, 0), 1)))
            }
        }
    }
}
