import Election
import Foundation

/// One command on a node's control channel: its standard input, read only when the node
/// was started with `--control stdin`. The channel is for the process that started the
/// node (`election-bench`, a test): only the parent holds the other end of the pipe, so
/// unlike a command on the TCP port it opens no door to anyone else on the network.
///
/// One JSON object per line, at most `maxLineBytes` bytes:
///
///     {"cmd":"partition","peers":[2,3]}
///     {"cmd":"heal"}
///
/// - `partition` replaces the set of cut-off peers with `peers` (member ids other than
///   this node; `[]` heals). From then on every frame to them is discarded and every line
///   from them is read and discarded, silently. Connections stay open, so neither side
///   gets a `peerUnreachable` hint or reconnects: the node sees what a real cut looks
///   like, messages that stop arriving. For a clean cut, tell both sides.
/// - `heal` ends the cut: traffic flows again on the same connections.
///
/// A command may carry `"seq":N` (a whole number), echoed in its answer so a parent can
/// match answers to commands. Each command is answered by one event line on standard output
/// (the node's log, in its `--log-format`): `control_applied` once it is in force, with
/// `cmd`, `peers` (the peers now cut off) and `seq`; or `control_rejected` with `reason`
/// for a line that is not a valid command, which changes nothing. End of input (the parent
/// closed the pipe or died) logs `control_closed`; the node keeps running.
public enum ControlCommand: Hashable, Sendable {
    case partition(Set<NodeID>)
    case heal

    /// The longest command line accepted, newline excluded: a partition naming thousands of
    /// peers fits, and a parent writing garbage cannot make the node buffer without bound.
    public static let maxLineBytes = 16_384

    /// A parsed line: the command and the `seq` to echo, if the line had one.
    public struct Line: Hashable, Sendable {
        public var command: ControlCommand
        public var sequence: Int?
    }

    /// The command's name as the `cmd` field spells it.
    public var name: String {
        switch self {
        case .partition: return "partition"
        case .heal: return "heal"
        }
    }

    /// The peers cut off once this command is in force.
    public var blockedPeers: Set<NodeID> {
        switch self {
        case .partition(let peers): return peers
        case .heal: return []
        }
    }

    /// Reads one line (newline removed). `selfID` and `membership` say which peers a
    /// partition may name. Throws a sentence saying what was wrong and what would work.
    public static func parse(_ line: [UInt8], selfID: NodeID, membership: Membership)
        throws(ControlCommandError) -> Line
    {
        guard line.count <= maxLineBytes else { throw .lineTooLong(limit: maxLineBytes) }
        guard (try? JSONSerialization.jsonObject(with: Data(line))) is [String: Any] else { throw .notAnObject }
        let fields: Fields
        do {
            fields = try JSONDecoder().decode(Fields.self, from: Data(line))
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw .badField(Fields.expectation(for: context.codingPath.first?.stringValue))
        } catch {
            throw .notAnObject
        }
        guard let name = fields.cmd else { throw .missingCommand }
        let sequence = try fields.seq.map { number throws(ControlCommandError) in
            guard let whole = Fields.wholeNumber(number) else { throw .badField(Fields.expectation(for: "seq")) }
            return whole
        }
        switch name {
        case "heal":
            return Line(command: .heal, sequence: sequence)
        case "partition":
            guard let numbers = fields.peers else { throw .badField(Fields.expectation(for: "peers")) }
            var peers: Set<NodeID> = []
            for number in numbers {
                guard let whole = Fields.wholeNumber(number), let peer = NodeID(rawValue: whole) else {
                    throw .badField(Fields.expectation(for: "peers"))
                }
                guard peer != selfID, membership.contains(peer) else { throw .notAPeer(peer, membership) }
                peers.insert(peer)
            }
            return Line(command: .partition(peers), sequence: sequence)
        default:
            throw .unknownCommand(name)
        }
    }

    /// The fields a command line may have; others are ignored, so a newer parent may add some.
    private struct Fields: Decodable {
        var cmd: String?
        // Numbers are read as `Double` and checked by `wholeNumber`: decoding `2.5` as an
        // `Int` fails without saying which field was wrong.
        var peers: [Double]?
        var seq: Double?

        /// `number` as an `Int` if it is a whole number of a sensible size (ids and
        /// sequence numbers are far below 2^53, where doubles stop being exact).
        static func wholeNumber(_ number: Double) -> Int? {
            guard number == number.rounded(), abs(number) < 9_007_199_254_740_992 else { return nil }
            return Int(number)
        }

        /// What a field must hold, for the refusal of a line where it holds something else.
        static func expectation(for key: String?) -> String {
            switch key {
            case "cmd": return "\"cmd\" must be a string: partition or heal"
            case "seq": return "\"seq\" must be a whole number"
            default: return "partition needs \"peers\", a list of member ids such as [2,3]"
            }
        }
    }
}

/// Why a control line was refused, as a sentence for whoever drives the node.
public enum ControlCommandError: Error, Hashable, Sendable, CustomStringConvertible {
    case lineTooLong(limit: Int)
    case notAnObject
    case missingCommand
    case unknownCommand(String)
    case badField(String)
    case notAPeer(NodeID, Membership)

    public var description: String {
        switch self {
        case .lineTooLong(let limit):
            return "control line longer than \(limit) bytes; send one short JSON object per line"
        case .notAnObject:
            return "control line is not a JSON object; send one per line, like {\"cmd\":\"heal\"}"
        case .missingCommand:
            return "control line has no \"cmd\" string; use partition or heal"
        case .unknownCommand(let name):
            return "unknown control command '\(name)'; use partition or heal"
        case .badField(let problem):
            return problem
        case .notAPeer(let peer, let membership):
            return "node \(peer) is not another member of \(membership); a partition names peers only"
        }
    }
}
