import Election

/// Our Figure 16 next to the paper's quoted numbers: one sentence per quote, saying
/// whether we land within ±25 %, and the reasons for any difference.
struct Figure16Comparison {
    var rows: [Figure16Row]
    var experiment: Figure16Experiment

    private var trialCap: Duration { experiment.trialCap }

    /// How far from the paper a figure may be and still count as reproduced.
    static let tolerance = 0.25

    /// One line per paper quote.
    struct Line: Hashable {
        var quote: Figure16Result.PaperQuote
        var measured: Double?
        var withinTolerance: Bool
        var sentence: String
    }

    var lines: [Line] {
        Figure16Result.paperQuotes.compactMap { quote in
            guard let row = rows.first(where: { $0.rangeMs == quote.rangeMs }) else { return nil }
            return line(for: quote, row: row)
        }
    }

    private func line(for quote: Figure16Result.PaperQuote, row: Figure16Row) -> Line {
        let range = "\(quote.rangeMs) ms"
        let paper = ReportNumber.milliseconds(quote.paperMs)
        if quote.isLowerBound {
            // "Longer than 10 s": judged on the median over *all* trials, unfinished ones
            // included (they took longer than the cap, so they sit above any finished one).
            let all = row.trials
            let finishedBelowBound = row.cdf.filter { $0.ms < quote.paperMs }.count
            let medianAboveBound = row.unfinished * 2 >= all
                || (row.medianMs.map { $0 >= quote.paperMs } ?? true)
            let capText = ReportNumber.milliseconds(trialCap.milliseconds)
            let sentence = "\(range): the paper saw elections take more than \(paper) without randomness; "
                + "here \(row.unfinished) of \(all) trials had no leader after the \(capText) cap"
                + (row.unfinished < all ? " and \(all - row.unfinished) finished (median of those "
                    + "\(row.medianMs.map(ReportNumber.milliseconds) ?? "—"))" : "")
                + (medianAboveBound ? ", so the typical trial took longer than \(paper), as in the paper."
                    : ", so the typical trial took less than \(paper): unlike the paper (\(finishedBelowBound) trials below it).")
            return Line(quote: quote, measured: row.medianMs, withinTolerance: medianAboveBound, sentence: sentence)
        }
        guard let measured = quote.measured(in: row) else {
            return Line(quote: quote, measured: nil, withinTolerance: false,
                        sentence: "\(range) \(quote.statistic.rawValue): the paper says \(paper); no trial finished here.")
        }
        let difference = measured / quote.paperMs - 1
        let within = abs(difference) <= Self.tolerance
        let percent = (difference >= 0 ? "+" : "") + ReportNumber.grouped(difference * 100) + " %"
        let sentence = "\(range) \(quote.statistic.rawValue): \(ReportNumber.milliseconds(measured)) here, "
            + "\(paper) in the paper (\(percent), \(within ? "within" : "outside") ±25 %)."
        return Line(quote: quote, measured: measured, withinTolerance: within, sentence: sentence)
    }

    /// The notes for `Figure16Result.notes`: the comparison first, then the setup and the
    /// reasons for each modelling choice and difference.
    var notes: [String] {
        var notes = lines.map(\.sentence)
        let network = SimNetwork.describe(experiment.network)
        let write = ReportNumber.milliseconds(experiment.diskWriteLatency.milliseconds)
        let cap = ReportNumber.milliseconds(trialCap.milliseconds)
        notes.append("Setup: five Raft nodes in the simulator; \(network); a vote or a new term takes \(write) "
            + "to reach the disk before the reply that depends on it leaves, so a vote request and its reply "
            + "take 10 to 12 ms (11 ms on average) against the paper's roughly 15 ms broadcast time. Heartbeats "
            + "every half minimum timeout; nodes 1 and 2 have a shorter log than nodes 3 to 5, so two of the four "
            + "survivors cannot win; the leader is crashed at a uniformly random point of its heartbeat interval, "
            + "right after a heartbeat round. Timed from the crash until every survivor has heard from the new "
            + "leader (the dissertation's definition); trials without a leader after \(cap) count as unfinished.")
        notes.append("Why the broadcast time is split into network and disk: split votes happen when other "
            + "servers time out while the first candidate's vote requests are still on their way, so what "
            + "matters is how long a request takes to arrive, not the whole round trip. With the whole 15 ms on "
            + "the network (one way 5 to 10 ms, instant disk) the 150-155 ms median was 1,066 ms and the 12-24 ms "
            + "mean 231 ms; with candidates also waiting for their own write before asking for votes, the 150-155 "
            + "median was 1,704 ms (calibration runs, seed 1, 1,000 trials per range). Only a short request path "
            + "with the write on the voter's side reproduces the paper.")
        notes.append("Why not the full 15 ms: with a 10 ms write the 150-x ranges still match (150-155 median "
            + "289 ms, 150-200 worst 393 ms) but 12-24 ms does not (mean 99 ms, worst 565 ms). A voter restarts "
            + "its election timer when it grants its vote, and with a 12 ms minimum timeout it often times out "
            + "again before the new leader's first heartbeat arrives, about 15 ms later: Raft's timing "
            + "requirement (broadcast time much shorter than the election timeout) is broken. The paper's cluster "
            + "evidently answered votes faster than 15 ms; 6 ms of disk is what fits all of its figures at once.")
        notes.append("Without randomness (150-150 ms) nothing in the simulator ever separates the four "
            + "survivors: their timers start within 1 ms of each other (one heartbeat round), every one of them "
            + "becomes a candidate before any vote request arrives, and a split vote restarts all timers at the "
            + "same offsets, forever. Real servers drift apart through timer and scheduling noise, which is how "
            + "the paper's trials eventually finished after more than 10 s; here they stop at the \(cap) cap.")
        let trials = rows.filter { $0.rangeMs.min != $0.rangeMs.max }.map(\.trials).max() ?? 0
        if trials < Figure16Experiment.paperTrialsPerRange {
            notes.append("This run had \(ReportNumber.grouped(Double(trials))) trials per range, the paper "
                + "1,000: medians and means are comparable, but worst cases of fewer trials come out lower. "
                + "Run election-bench figure16 for the full experiment.")
        }
        notes.append("The worst case of 1,000 trials is a single sample and moves with the seed: over seeds 1 "
            + "to 4 the 150-200 ms worst case was 461, 692, 558 and 595 ms (paper 513 ms) and the 12-24 ms worst "
            + "case 139, 190, 129 and 114 ms (paper 152 ms), while the 150-155 ms median stayed within 275-286 ms "
            + "and the 12-24 ms mean at 37 ms.")
        return notes
    }
}
