import Election
import ElectionLive

extension ControlCommand {
    /// The command as one line of the node's control channel (docs/protocol.md):
    /// `{"cmd":"partition","peers":[2,3]}` or `{"cmd":"heal"}`.
    var controlLine: String {
        switch self {
        case .partition(let peers):
            let list = peers.sorted().map { String($0.rawValue) }.joined(separator: ",")
            return "{\"cmd\":\"partition\",\"peers\":[\(list)]}"
        case .heal:
            return "{\"cmd\":\"heal\"}"
        }
    }
}
