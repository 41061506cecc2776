import Election

/// The state file's contents when its store has an owner: the owner's fields beside the
/// algorithm's state, one JSON object, so that `strings state.slots` shows both:
///
///     {"members":"1:127.0.0.1:8001,2:127.0.0.1:8002","membership_fingerprint":"…",
///      "node":1,"state":{"term":5,"votedFor":2}}
struct DurableStateFile<State: Codable & Sendable>: Codable, Sendable {
    var node: NodeID
    var members: String
    var membershipFingerprint: String
    var state: State

    init(owner: DurableStateOwner, state: State) {
        node = owner.node
        members = owner.members
        membershipFingerprint = owner.membershipFingerprint
        self.state = state
    }

    enum CodingKeys: String, CodingKey {
        case node
        case members
        case membershipFingerprint = "membership_fingerprint"
        case state
    }
}
