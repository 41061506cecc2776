import Election

/// Who a saved state belongs to: the node that wrote it and the member list it was
/// written for. A `DurableStore` with an owner records it in the state file and refuses
/// a file recorded by any other owner, so that a mistyped `--id` or `--data-dir`, or a
/// cluster restarted with other members, cannot start from someone else's votes.
public struct DurableStateOwner: Hashable, Sendable, Codable {
    /// The node that writes the state.
    public var node: NodeID
    /// `Membership.canonicalText` of the members it was written for, kept so that a
    /// refusal can show both lists and a learner can read the file.
    public var members: String
    /// `Membership.fingerprint` of the same list: what is compared.
    public var membershipFingerprint: String

    public init(node: NodeID, membership: Membership) {
        self.node = node
        members = membership.canonicalText
        membershipFingerprint = membership.fingerprint
    }
}
