import Election
import ElectionLive
import Foundation

/// Turns a `ClusterWatch` into lines of text: the live screen of `election-watch` and
/// the plain snapshots it prints with `--once` or into a pipe.
///
/// Pure: the same watch always gives the same lines, so tests compare them exactly.
/// Colour, when on, uses ANSI codes: leaders green, candidates yellow, down nodes red.
public struct ClusterView: Sendable {
    /// Whether to add ANSI colour codes (off for pipes and when `NO_COLOR` is set).
    public var colors: Bool
    /// The time zone of the printed clock times (local time by default).
    public var timeZone: TimeZone

    public init(colors: Bool = false, timeZone: TimeZone = .current) {
        self.colors = colors
        self.timeZone = timeZone
    }

    // MARK: whole outputs

    /// The live screen: a title, the table, the verdict, then the change log.
    public func screen(_ watch: ClusterWatch, interval: Duration) -> [String] {
        let title = "election-watch  \(pollTime(watch))  \(clusterText(watch)), asked every "
            + "\(interval.millisecondsText)  (Ctrl-C quits)"
        var lines = [title, ""] + table(watch) + ["", summaryLine(watch.summary)] + membershipLines(watch) + [""]
        if watch.log.isEmpty {
            lines.append("Changes: none yet.")
        } else {
            lines.append("Changes (latest last):")
            lines += watch.log.map(logLine)
        }
        return lines
    }

    /// One plain snapshot: when, the table, the verdict, and `changes` (the log entries
    /// that are new since the previous snapshot), indented.
    public func snapshot(_ watch: ClusterWatch, changes: [WatchLogEntry] = []) -> [String] {
        let lines = ["\(pollTime(watch))  \(clusterText(watch))"] + table(watch) + [summaryLine(watch.summary)]
            + membershipLines(watch)
        return lines + changes.map { "  " + logLine($0) }
    }

    // MARK: parts

    /// The node table, a heading line first, columns padded to line up.
    public func table(_ watch: ClusterWatch) -> [String] {
        let heading = ["NODE", "ADDRESS", "STATE", "ROLE", "LEADER", "TERM", "SINCE", "NOTE"]
            .map { Cell($0) }
        let rows = [heading] + watch.nodes.map { row(for: $0, in: watch) }
        let widths = heading.indices.map { column in rows.map { $0[column].text.count }.max() ?? 0 }
        return rows.map { cells in
            var line = ""
            for (column, cell) in cells.enumerated() {
                let isLast = column == cells.count - 1
                line += paint(cell)
                if !isLast { line += String(repeating: " ", count: widths[column] - cell.text.count + 2) }
            }
            return trimmingTrailingSpaces(line)
        }
    }

    /// The verdict on the cluster, one sentence.
    public func summaryLine(_ summary: ClusterSummary) -> String {
        switch summary {
        case .nobodyAnswers:
            return paint(Cell("No node answers: are the nodes running, and is the node list right?", .red))
        case .agreed(let leader, let term, let answering, let total):
            let who = answering == total ? (total == 1 ? "the only node" : "all \(total) nodes")
                : "\(answering) of \(total) nodes (the others do not answer)"
            return paint(Cell("Leader: node \(leader) (term \(term)), agreed by \(who).", .green))
        case .followingAbsentLeader(let leader, let answering, let total):
            return paint(Cell("No live leader: \(answering) of \(total) nodes still follow node \(leader), "
                + "which does not answer.", .yellow))
        case .noLeader(let answering, let total):
            return paint(Cell("No leader: no answering node knows one (\(answering) of \(total) answer; "
                + "an election may be under way).", .yellow))
        case .disagreement(let beliefs):
            let who = beliefs.map { "node \($0.node) says \(leaderText($0.leader))" }
            return paint(Cell("No agreement: " + who.joined(separator: ", ") + ".", .yellow))
        case .splitBrain(let claims):
            let who = claims.map { "node \($0.node) (term \($0.term))" }
            let list = who.dropLast().joined(separator: ", ") + " and " + (who.last ?? "")
            let verb = claims.count == 2 ? "both say" : "all say"
            return paint(Cell("SPLIT BRAIN: \(list) \(verb) they lead.", .boldRed))
        }
    }

    /// What the answering nodes say about the membership (`MembershipHealth`), one line
    /// each: the quorum margin as the leader (or else the lowest answering id) sees it,
    /// members some node never heard from, and member-list mismatches. Nothing for nodes
    /// whose replies do not carry it.
    public func membershipLines(_ watch: ClusterWatch) -> [String] {
        let replies = watch.nodes.compactMap(\.reply).filter { $0.membership != nil }.sorted { $0.id < $1.id }
        guard !replies.isEmpty else { return [] }
        var lines: [String] = []
        // 1) The quorum margin, from the node most likely to know: the leader (the agreed
        //    one, else one that says it leads), else the lowest answering id.
        let viewer = replies.first { $0.id == watch.summary.agreedLeader }
            ?? replies.first { $0.role == .leader } ?? replies[0]
        if let health = viewer.membership {
            let sentence = health.marginSentence(configured: viewer.members.count)
            let spare = health.quorum.map { health.reachable.count - $0 }
            let paint: Paint? = spare.map { $0 < 0 ? .boldRed : $0 == 0 ? .yellow : nil } ?? nil
            lines.append(self.paint(Cell("Quorum, as node \(viewer.id) sees it: \(sentence).", paint)))
        }
        // 2) Members never heard from: a zombie in the configuration, or a node not started.
        //    A member whose messages the node refuses is told of below, as a mismatch.
        var unheard: [NodeID: [NodeID]] = [:]
        for reply in replies {
            let refused = Set(reply.membership?.mismatches.map(\.peer) ?? [])
            for member in reply.membership?.neverHeardFrom ?? [] where !refused.contains(member) {
                unheard[member, default: []].append(reply.id)
            }
        }
        for member in unheard.keys.sorted() {
            let reporters = unheard[member]!
            lines.append(paint(Cell("Node \(member) has not answered " + nodeList(reporters)
                + (reporters.count == 1 ? " since it started" : " since they started")
                + ": is it running, with the same --nodes?", .yellow)))
        }
        // 3) Member-list mismatches, loudest of all.
        for reply in replies {
            for mismatch in reply.membership?.mismatches ?? [] {
                let ours = reply.membership?.fingerprint ?? "?"
                lines.append(paint(Cell("MEMBERSHIP MISMATCH: node \(reply.id) refused \(mismatch.count) "
                    + "message\(mismatch.count == 1 ? "" : "s") from node \(mismatch.peer), whose member list has "
                    + "fingerprint \(mismatch.fingerprint), not \(ours).", .boldRed)))
            }
        }
        return lines
    }

    /// `node 1`, `nodes 1 and 2`, `nodes 1, 2 and 4`.
    private func nodeList(_ ids: [NodeID]) -> String {
        let names = ids.map { String($0.rawValue) }
        guard names.count > 1 else { return "node " + (names.first ?? "") }
        return "nodes " + names.dropLast().joined(separator: ", ") + " and " + names.last!
    }

    /// `02:10:33.120  node 2: leader 3 → 2 (term 5)`.
    public func logLine(_ entry: WatchLogEntry) -> String {
        clockText(entry.time) + "  " + entry.text
    }

    /// `HH:MM:SS.mmm` in `timeZone`, or `HH:MM:SS` without `milliseconds`.
    public func clockText(_ date: Date, milliseconds: Bool = true) -> String {
        let offset = Double(timeZone.secondsFromGMT(for: date))
        // Rounded, not truncated: 33.120 s is stored as 33.11999... in a Double.
        let millis = Int64(((date.timeIntervalSince1970 + offset) * 1000).rounded())
        let millisPerDay: Int64 = 86_400_000
        let ofDay = (millis % millisPerDay + millisPerDay) % millisPerDay
        let seconds = ofDay / 1000
        let text = twoDigits(seconds / 3600) + ":" + twoDigits(seconds / 60 % 60) + ":" + twoDigits(seconds % 60)
        guard milliseconds else { return text }
        let fraction = String(ofDay % 1000)
        return text + "." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }

    /// A short age: `0.4s`, `12.3s`, `4m05s`, `2h03m`.
    public static func ageText(_ age: Duration) -> String {
        let tenths = max(0, age.nanoseconds / 100_000_000)
        if tenths < 600 { return "\(tenths / 10).\(tenths % 10)s" }
        let seconds = tenths / 10
        if seconds < 3600 { return "\(seconds / 60)m" + twoDigits(seconds % 60) + "s" }
        return "\(seconds / 3600)h" + twoDigits(seconds / 60 % 60) + "m"
    }

    // MARK: rows

    private func row(for node: NodeObservation, in watch: ClusterWatch) -> [Cell] {
        let address = Cell("\(node.member.host):\(node.member.port)")
        let since = sinceCell(node, at: watch.lastPoll)
        let dash = Cell("-")
        switch node.state {
        case .neverAnswered(let reason):
            return [Cell("\(node.id)"), address, Cell("never answered", .red), dash, dash, dash, dash,
                    Cell(reason.map { "it \($0)" } ?? "not asked yet")]
        case .down(let downSince, let reason, _):
            return [Cell("\(node.id)"), address, Cell("down since \(clockText(downSince, milliseconds: false))", .red),
                    dash, dash, dash, since, Cell("it \(reason)")]
        case .up(let reply):
            let role = Cell(reply.role.rawValue, reply.role == .leader ? .green : reply.role == .candidate ? .yellow : nil)
            return [Cell("\(node.id)"), address, Cell("up"), role, Cell(leaderText(reply.leader)),
                    Cell("\(reply.term)"), since, membershipNote(reply, configured: watch.membership)]
        }
    }

    private func sinceCell(_ node: NodeObservation, at now: Date?) -> Cell {
        guard let changedAt = node.changedAt, let now else { return Cell("-") }
        // Seen in one round only: nothing is known yet about how long it has been so.
        if node.changedBeforeWatching && changedAt == now { return Cell("-") }
        let age = Duration.nanoseconds(Int64((now.timeIntervalSince(changedAt) * 1e9).rounded()))
        return Cell((node.changedBeforeWatching ? "≥" : "") + ClusterView.ageText(age))
    }

    /// A node configured with another member list cannot agree on a quorum with the rest:
    /// worth a warning on its row.
    private func membershipNote(_ reply: StatusReply, configured: Membership) -> Cell {
        let theirs = reply.members.sorted()
        guard theirs != configured.ids else { return Cell("") }
        let list = theirs.map { String($0.rawValue) }.joined(separator: ",")
        return Cell("its member list is \(list), not \(configured.ids.map { String($0.rawValue) }.joined(separator: ","))", .yellow)
    }

    // MARK: small helpers

    private func pollTime(_ watch: ClusterWatch) -> String {
        watch.lastPoll.map { clockText($0) } ?? "--:--:--.---"
    }

    /// `<name>, 3 nodes`: the algorithms the answering nodes report (joined by `+` when they
    /// differ), then the cluster size.
    private func clusterText(_ watch: ClusterWatch) -> String {
        let algorithms = Set(watch.nodes.compactMap { $0.reply?.algorithm }).sorted()
        let size = watch.nodes.count == 1 ? "1 node" : "\(watch.nodes.count) nodes"
        return algorithms.isEmpty ? size : algorithms.joined(separator: "+") + ", " + size
    }

    private func leaderText(_ leader: NodeID?) -> String {
        leader.map { String($0.rawValue) } ?? "none"
    }

    private static func twoDigits(_ value: Int64) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }

    private func twoDigits(_ value: Int64) -> String { ClusterView.twoDigits(value) }

    private func trimmingTrailingSpaces(_ line: String) -> String {
        var line = line
        while line.last == " " { line.removeLast() }
        return line
    }

    private enum Paint { case green, yellow, red, boldRed }

    private struct Cell {
        var text: String
        var paint: Paint?
        init(_ text: String, _ paint: Paint? = nil) {
            self.text = text
            self.paint = paint
        }
    }

    private func paint(_ cell: Cell) -> String {
        guard colors, let paint = cell.paint, !cell.text.isEmpty else { return cell.text }
        let code: String
        switch paint {
        case .green: code = "32"
        case .yellow: code = "33"
        case .red: code = "31"
        case .boldRed: code = "1;31"
        }
        return "\u{1B}[\(code)m\(cell.text)\u{1B}[0m"
    }
}
