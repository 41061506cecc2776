import Election

/// Finds a member's position (its index in the sorted member list) from its id.
///
/// The simulator keeps everything per node in arrays indexed by position, so the only
/// lookup by id is this one, done once per message sent. Small ids (the usual 1...N) use a
/// direct table; unusually large ids fall back to a dictionary.
@usableFromInline
struct MemberPositions {
    @usableFromInline static let largestDirectID = 4096

    @usableFromInline var direct: [Int] = []
    @usableFromInline var byID: [NodeID: Int] = [:]

    @inlinable
    init(_ sortedIDs: [NodeID]) {
        let largest = sortedIDs.last?.rawValue ?? 0
        if largest <= Self.largestDirectID {
            direct = Array(repeating: -1, count: largest + 1)
            for (position, id) in sortedIDs.enumerated() { direct[id.rawValue] = position }
        } else {
            for (position, id) in sortedIDs.enumerated() { byID[id] = position }
        }
    }

    /// The member's position, or `nil` if `id` is not a member.
    @inlinable @inline(__always)
    func position(of id: NodeID) -> Int? {
        if direct.isEmpty { return byID[id] }
        guard id.rawValue < direct.count else { return nil }
        let position = direct[id.rawValue]
        return position >= 0 ? position : nil
    }
}
