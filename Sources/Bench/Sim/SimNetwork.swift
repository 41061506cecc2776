import Election
import ElectionSimulation

/// The simulated networks the bench uses, and how to describe one in a result's notes.
enum SimNetwork {
    /// The default for every simulated scenario: each message takes 0.5 ms plus a uniformly
    /// drawn 0 to 1 ms (mean 1 ms one way, so a round trip of about 2 ms), nothing is lost.
    ///
    /// That is a loaded loopback interface between processes on one machine, the setting
    /// the live runs use, rather than a bare one (tens of microseconds): the nodes' own
    /// scheduling and JSON work is part of what a real message costs. The jitter reorders
    /// messages now and then, as real scheduling does.
    static let loopbackLike = LinkConditions(baseDelay: .microseconds(500), jitter: .milliseconds(1))

    /// "one-way delay uniform in [0.5 ms, 1.5 ms), no loss".
    static func describe(_ link: LinkConditions) -> String {
        let low = link.baseDelay.milliseconds
        let high = (link.baseDelay + link.jitter).milliseconds
        var text = link.jitter > .zero
            ? "one-way delay uniform in [\(ReportNumber.plain(low)) ms, \(ReportNumber.plain(high)) ms)"
            : "one-way delay \(ReportNumber.plain(low)) ms"
        text += link.lossProbability > 0
            ? ", \(ReportNumber.plain(link.lossProbability * 100))% loss" : ", no loss"
        if link.duplicationProbability > 0 {
            text += ", \(ReportNumber.plain(link.duplicationProbability * 100))% duplication"
        }
        return text
    }
}
