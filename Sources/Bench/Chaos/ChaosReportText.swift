import AlgorithmRegistry
import Election

/// The text `election-bench chaos` prints: what was run, the faults injected, the rules
/// checked and every violation with the one command that replays it. The last line is
/// always `violations: N`, the count over every algorithm.
public struct ChaosReportText {
    /// How many violating seeds are listed per algorithm before the rest are only counted.
    static let listedSeeds = 20

    public let options: ChaosOptions
    public let summaries: [ChaosSummary]

    public init(options: ChaosOptions, summaries: [ChaosSummary]) {
        self.options = options
        self.summaries = summaries
    }

    /// The report, wrapped to the console's width, except the replay commands, which stay
    /// whole so that they can be pasted.
    public var lines: [String] {
        var lines = header
        if options.everyCombination {
            lines += combinationLines
        } else {
            for summary in summaries {
                lines.append("")
                lines += section(for: summary)
            }
        }
        lines.append("")
        lines.append("violations: \(summaries.map(\.violations.count).reduce(0, +))")
        return lines.flatMap { line -> [String] in
            guard !line.contains("replay: ") else { return [line] }
            let indent = String(line.prefix { $0 == " " }) + "  "  // under the text of a "- " item too
            return TextWrap.lines(line, width: ConsoleComparison.width, indent: indent)
        }
    }

    /// The command that replays one seed of one algorithm, with its trace, at the settings
    /// `choice` (the options' own unless given: a combination's in `--every-combination`).
    public func replayCommand(algorithm: String, seed: UInt64, choice: ChaosSettingsChoice? = nil) -> String {
        var words = ["election-bench", "chaos", "--algorithm", algorithm, "--seed", "\(seed)", "--seeds", "1"]
        if let nodes = options.nodes { words += ["--nodes", "\(nodes)"] }
        words += (choice ?? options.settings).arguments
        if !options.injectsStorageFaults { words.append("--no-storage-faults") }
        if options.faultDuration != ChaosOptions.defaultFaultDuration {
            words += ["--duration", ReportNumber.plain(seconds(options.faultDuration))]
        }
        return (words + ["--trace"]).joined(separator: " ")
    }

    // MARK: - Parts

    private var header: [String] {
        let lastSeed = options.firstSeed &+ UInt64(max(0, options.seedCount - 1))
        let sizes = options.nodes.map { "\($0) nodes" } ?? "3 to 5 nodes by seed"
        return [
            "election-bench chaos: seeds \(options.firstSeed) to \(lastSeed) "
                + "(\(ReportNumber.grouped(Double(options.seedCount))) runs per "
                + (options.everyCombination ? "combination of each algorithm's switches" : "algorithm")
                + "), in the simulator "
                + "(virtual time); \(sizes); \(ReportNumber.plain(seconds(options.faultDuration))) s of faults "
                + "per run, then the faults stop and the cluster must recover",
            "faults: one every 20-150 ms of kill -9, graceful stop (SIGTERM; half aimed at a leader: "
                + "a hand-over), restart, partition, heal, pause (SIGSTOP), resume or slow "
                + "node (up to 200 ms more per message), on a network with 1-5 ms delay, up to 10 ms jitter, "
                + "0-19% loss and 0-9% duplication drawn per run; "
                + (options.injectsStorageFaults
                    ? "storage faults, each on in about half the runs: crashes within an input (0.1-1% of inputs), "
                        + "crashes just before or after a persist (1-20% of persisting inputs), slow writes "
                        + "(up to 1-20 ms), failed writes (1-5%)"
                    : "no storage faults (--no-storage-faults)"),
        ]
    }

    private func section(for summary: ChaosSummary) -> [String] {
        let sizes = summary.nodeCounts.map { $0.lowerBound == $0.upperBound ? "\($0.lowerBound)" : "\($0.lowerBound) to \($0.upperBound)" } ?? "no"
        var lines = [
            "\(summary.algorithm): \(ReportNumber.grouped(Double(summary.runs))) runs of \(sizes) nodes, "
                + "\(ReportNumber.grouped(seconds(summary.virtualTime).rounded())) s of virtual time, "
                + "in \(ReportNumber.plain(summary.wallSeconds, decimals: 1)) s of wall time",
            "  settings: \(summary.settings)",
            "  faults injected: " + summary.faults.kinds.map { "\(ReportNumber.grouped(Double($0.count))) \($0.name)" }
                .joined(separator: ", "),
            "  invariants checked (safety after every input of every node; recovery once the faults stop):",
        ]
        lines += summary.invariants.map { "    - \($0)" }
        if !summary.checked.isEmpty {
            lines.append("  checked: " + summary.checked.map { "\(ReportNumber.grouped(Double($0.count))) \($0.what)" }
                .joined(separator: ", "))
        }
        lines.append("  leaderships: \(ReportNumber.grouped(Double(summary.leaderships))); " + recovery(of: summary))
        lines.append("  split brain (two or more nodes acting as leader at once"
                     + (promisesOneLeaderPerTerm(summary.algorithm) ? ", necessarily in different terms"
                        : ", expected under partitions and pauses")
                     + "): \(ReportNumber.grouped(Double(summary.runsWithSplitBrain))) of "
                     + "\(ReportNumber.grouped(Double(summary.runs))) runs, "
                     + "\(ReportNumber.grouped(Double(summary.splitBrainEpisodes))) episodes, "
                     + "\(ReportNumber.milliseconds(milliseconds(summary.splitBrain))) in all "
                     + "(\(percent(summary.splitBrain, of: summary.virtualTime)) of the virtual time), "
                     + "longest \(ReportNumber.milliseconds(milliseconds(summary.longestSplitBrain)))")
        lines.append("  violations: \(summary.violations.count)")
        let seeds = summary.violatingSeeds
        for seed in seeds.prefix(Self.listedSeeds) {
            for violation in summary.violations where violation.seed == seed {
                lines.append("    seed \(seed) (\(violation.nodes) nodes): \(violation.sentence)")
            }
            lines.append("      replay: " + replayCommand(algorithm: summary.algorithm, seed: seed, choice: summary.choice))
        }
        if seeds.count > Self.listedSeeds {
            lines.append("    ... and \(seeds.count - Self.listedSeeds) more seeds with violations")
        }
        return lines
    }

    /// `--every-combination`: for each algorithm one line per combination of its switches
    /// (violations, runs, recovery p50 / p99, which switches are off), its total, and then the full
    /// section of every combination that broke an invariant, with the replay commands.
    private var combinationLines: [String] {
        var lines: [String] = []
        var algorithms: [String] = []
        for summary in summaries where !algorithms.contains(summary.algorithm) { algorithms.append(summary.algorithm) }
        for algorithm in algorithms {
            let combinations = summaries.filter { $0.algorithm == algorithm }
            let varied = AlgorithmRegistry.standard.entry(named: algorithm).map { ChaosCombinations.varied(of: $0) }
            lines.append("")
            lines.append("\(algorithm): \(combinations.count) combinations of its switches"
                         + (varied.map { " (\($0))" } ?? "")
                         + ", every other setting at the shipped defaults; "
                         + "\(ReportNumber.grouped(Double(options.seedCount))) seeds each")
            // Each combination is held to the rules its own settings call for (sticky Bully
            // need not be led by the highest id), so each set of rules is named once.
            var ruleSets: [[String]] = []
            for summary in combinations where !ruleSets.contains(summary.invariants) { ruleSets.append(summary.invariants) }
            for rules in ruleSets {
                let count = combinations.filter { $0.invariants == rules }.count
                lines.append("  invariants checked" + (ruleSets.count > 1 ? " in \(count) of the combinations" : "")
                             + ": " + rules.joined(separator: "; "))
            }
            for summary in combinations {
                lines.append("  \(summary.violations.count) violations in \(ReportNumber.grouped(Double(summary.runs))) runs, "
                             + shortRecovery(of: summary) + "; " + ChaosCombinations.label(of: summary.choice))
            }
            lines.append("  \(algorithm) total: " + total(of: combinations))
            for summary in combinations where !summary.violations.isEmpty {
                lines.append("")
                lines += section(for: summary)
            }
        }
        return lines
    }

    private func shortRecovery(of summary: ChaosSummary) -> String {
        let recovered = summary.recoveryMilliseconds.sorted()
        guard let p50 = Statistics.percentile(50, ofSorted: recovered),
              let p99 = Statistics.percentile(99, ofSorted: recovered)
        else { return "no run recovered" }
        return "recovery p50 \(ReportNumber.milliseconds(p50)) / p99 \(ReportNumber.milliseconds(p99))"
    }

    private func total(of combinations: [ChaosSummary]) -> String {
        let p99s = combinations.compactMap { summary in
            Statistics.percentile(99, ofSorted: summary.recoveryMilliseconds.sorted()).map { (summary, $0) }
        }
        let worst = p99s.max { $0.1 < $1.1 }
        let faults = combinations.map(\.faults).reduce(ChaosFaultCounts(), +)
        return "\(combinations.count) combinations, "
            + "\(ReportNumber.grouped(Double(combinations.map(\.runs).reduce(0, +)))) runs, "
            + "\(combinations.map(\.violations.count).reduce(0, +)) violations, "
            + "\(ReportNumber.grouped(Double(faults.gracefulStops))) graceful stops "
            + "(\(ReportNumber.grouped(Double(faults.handOvers))) of a leader), "
            + (worst.map { "worst recovery p99 \(ReportNumber.milliseconds($0.1)) (\(ChaosCombinations.label(of: $0.0.choice))), " } ?? "")
            + "in \(ReportNumber.plain(combinations.map(\.wallSeconds).reduce(0, +), decimals: 1)) s of wall time"
    }

    private func recovery(of summary: ChaosSummary) -> String {
        let recovered = summary.recoveryMilliseconds.sorted()
        guard let p50 = Statistics.percentile(50, ofSorted: recovered),
              let p99 = Statistics.percentile(99, ofSorted: recovered), let longest = recovered.last
        else { return "no run recovered" }
        return "recovery after the faults stopped: p50 \(ReportNumber.milliseconds(p50)), "
            + "p99 \(ReportNumber.milliseconds(p99)), max \(ReportNumber.milliseconds(longest)) "
            + "(\(ReportNumber.grouped(Double(recovered.count))) of \(ReportNumber.grouped(Double(summary.runs))) runs recovered)"
    }

    /// Whether two leaders at once are necessarily in different terms (the algorithm promises
    /// one leader per term), rather than split brain the algorithm allows.
    private func promisesOneLeaderPerTerm(_ algorithm: String) -> Bool {
        AlgorithmRegistry.standard.entry(named: algorithm)?.promisesOneLeaderPerTerm ?? false
    }

    private func seconds(_ duration: Duration) -> Double { Double(duration.nanoseconds) / 1e9 }
    private func milliseconds(_ duration: Duration) -> Double { Double(duration.nanoseconds) / 1e6 }

    private func percent(_ part: Duration, of whole: Duration) -> String {
        guard whole > .zero else { return "0%" }
        return ReportNumber.plain(100 * Double(part.nanoseconds) / Double(whole.nanoseconds), decimals: 2) + "%"
    }
}
