/// The answer a reader came for, at the top of `report.md` and `report.html`: a few
/// sentences and the chart that shows them.
///
///     Raft failed over in a median 175 ms, Bully in 227 ms and etcd in 546 ms (live, 3 nodes,
///     10 trials each). A highest id that crashed and restarted 10 times in 5 s made Bully
///     change leader 20 times per trial, Raft 0.2 times (simulated, 5 nodes, 10 trials each).
///
/// Every number is computed from the run: a scenario that did not run gets no sentence, and
/// `method` says how the numbers were taken. The chart is the leader-failover CDF when the
/// run has one (etcd and any other system in the same scenario stand beside ours in it).
struct ReportHeadline: Sendable {
    /// The answer, one finding (a sentence or two) per scenario that ran, leader failover
    /// first: the reports set the first apart and list the others under it.
    var sentences: [String]
    /// How the numbers in `sentences` were taken: the timeouts of each algorithm.
    var method: String?
    /// The `ReportChart.id` of the chart to show beside the sentences, if any.
    var chartID: String?

    init(run: BenchRun, charts: [ReportChart]) {
        // A series of named variants gets a sentence of its own; the rest, one per scenario.
        let byScenario = Dictionary(grouping: run.results.filter { $0.series == nil }, by: \.scenario)
        var sentences: [String] = []
        // The timeouts named under the sentences are those of the first scenario told.
        var told: [ScenarioResult] = []
        func tell(_ sentence: String?, _ results: [ScenarioResult]) {
            guard let sentence else { return }
            sentences.append(sentence)
            if told.isEmpty { told = results }
        }
        for series in Self.series(of: run.results) { tell(Self.seriesSentence(series), series) }
        if let failover = byScenario[.failover].flatMap(Self.mainSetting) {
            tell(Self.failoverSentence(failover) + (Self.etcdComparison(failover).map { " " + $0 } ?? ""), failover)
        }
        if let flapping = byScenario[.flapping].flatMap(Self.mainSetting) {
            tell(Self.flappingSentence(flapping), flapping)
        }
        if let slow = byScenario[.slowHighest].flatMap(Self.mainSetting) { tell(Self.slowHighestSentence(slow), slow) }
        if let zombie = byScenario[.zombie].flatMap(Self.mainSetting) { tell(Self.zombieSentence(zombie), zombie) }
        if let partition = byScenario[.partition].flatMap(Self.mainSetting) {
            tell(Self.splitBrainSentence(partition, during: "a network partition"), partition)
        }
        if let rejoin = byScenario[.rejoin].flatMap(Self.mainSetting) { tell(Self.rejoinSentence(rejoin), rejoin) }
        if let scale = byScenario[.scale] { tell(Self.scaleSentence(scale), scale) }
        if let figure16 = run.figure16 { tell(Self.figure16Sentence(figure16), []) }
        if sentences.isEmpty {
            sentences = [run.results.isEmpty && run.figure16 == nil
                ? "This run measured nothing: no scenario produced results."
                : "The tables below give this run's numbers."]
        }
        self.sentences = sentences
        method = Self.methodSentence(told)
        let preferred = charts.first { $0.kind == .failoverCDF && $0.scenario == .failover }
            ?? charts.first { $0.kind == .failoverCDF } ?? charts.first
        chartID = preferred?.id
    }

    /// "Bully, Raft and etcd": the systems a run compared, for titles.
    static func systems(of run: BenchRun) -> String {
        var names: [String] = []
        for result in ConsoleComparison.rowOrder(run.results) where !names.contains(result.algorithmDisplayName) {
            names.append(result.algorithmDisplayName)
        }
        if names.isEmpty, let figure16 = run.figure16 { names = [ScenarioResult.displayName(ofAlgorithm: figure16.algorithm)] }
        return Self.list(names)
    }

    // MARK: Choosing what to talk about

    /// The results of one setting of a scenario: live before simulated, then the most
    /// common cluster size; rows in the comparison's order.
    static func mainSetting(_ results: [ScenarioResult]) -> [ScenarioResult]? {
        guard !results.isEmpty else { return nil }
        let mode: RunMode = results.contains { $0.mode == .live } ? .live : .sim
        let inMode = results.filter { $0.mode == mode }
        let sizes = Dictionary(grouping: inMode, by: \.clusterSize)
        let size = sizes.keys.sorted().max { sizes[$0]!.count < sizes[$1]!.count }!
        return ConsoleComparison.rowOrder(inMode.filter { $0.clusterSize == size })
    }

    /// "Raft (defaults)", "Raft (prevote=off)": a row's name in a sentence (its variant's,
    /// else its algorithm's), with the options that tell it apart from another row of the
    /// same name ("etcd" alone needs none).
    private static func names(_ results: [ScenarioResult]) -> [String] {
        let varying = ConsoleComparison.varyingOptionKeys(results)
        return results.map { result in
            let alone = results.filter { $0.rowName == result.rowName }.count == 1
            let options = alone ? [] : varying.filter { !$0.hasSuffix("_node") && $0 != "extra_delay" }
                .compactMap { key in result.options[key].map { "\(key)=\($0)" } }
            return options.isEmpty ? result.rowName : "\(result.rowName) (\(options.joined(separator: ", ")))"
        }
    }

    /// "live, 3 nodes, 10 trials each".
    private static func setting(_ results: [ScenarioResult]) -> String {
        let trials = Set(results.map(\.metrics.trialsMeasured)).sorted()
        let count = trials.count == 1 ? "\(trials[0]) trials each" : "\(trials.first!)-\(trials.last!) trials"
        return "\(results[0].mode.displayName), \(results[0].clusterSize) nodes, \(count)"
    }

    /// The results of each series, in the order the series first ran (one scenario, mode
    /// and size each).
    static func series(of results: [ScenarioResult]) -> [[ScenarioResult]] {
        var groups: [[ScenarioResult]] = []
        for result in results where result.series != nil {
            if let index = groups.firstIndex(where: {
                $0[0].scenario == result.scenario && $0[0].series == result.series && $0[0].mode == result.mode
                    && $0[0].clusterSize == result.clusterSize
            }) {
                groups[index].append(result)
            } else {
                groups.append([result])
            }
        }
        return groups
    }

    // MARK: Sentences

    /// One series' finding, row by row in the order they ran, each variant beside its
    /// baseline: "failover · kill -9 · ... (live, 3 nodes, 8 trials each), failover p50 / p99:
    /// Bully 3 ms / 6 ms, Bully no fast detect 205 ms / 211 ms and etcd ...".
    static func seriesSentence(_ results: [ScenarioResult]) -> String? {
        guard let first = results.first, let series = first.series else { return nil }
        let what: String
        let parts: [String]
        switch first.scenario {
        case .failover:
            let splits = results.contains { ($0.metrics.splitVoteRate ?? 0) > 0 } || series.contains("timeouts only")
            what = "failover p50 / p99" + (splits ? " (split votes)" : "")
            parts = results.map { result in
                guard let failover = result.metrics.failoverMs else { return "\(result.rowName) no agreed leader" }
                var part = "\(result.rowName) \(ms(failover.p50)) / \(ms(failover.p99))"
                if splits, let rate = result.metrics.splitVoteRate { part += " (\(percent(rate)))" }
                if let exits = cleanExits(result) { part += ", exited 0 in \(exits)" }
                return part
            }
        case .flapping:
            what = "leader changes per trial"
            parts = results.map { "\($0.rowName) \($0.metrics.leaderChanges.map { count($0.mean) } ?? "—")" }
        case .slowHighest:
            what = "trials that never settled, and leader changes per trial"
            parts = results.map { result in
                let metrics = result.metrics
                return "\(result.rowName) \(metrics.trialsWithoutAgreedLeader) of \(metrics.trialsMeasured), "
                    + (metrics.leaderChanges.map { count($0.mean) } ?? "—")
            }
        case .partition:
            what = "time with two leaders per trial, mean / max"
            parts = results.map { result in
                guard let split = result.metrics.splitBrainMs else { return "\(result.rowName) not measured" }
                return "\(result.rowName) \(ms(split.mean)) / \(ms(split.max))"
            }
        default:
            return nil
        }
        return "\(first.scenario) · \(series) (\(setting(results))), \(what): " + parts.joined(separator: "; ") + "."
    }

    /// "6 of 6 trials", from a stopped-leader result's note on how its stops ended.
    private static func cleanExits(_ result: ScenarioResult) -> String? {
        guard let note = result.notes.first(where: { $0.hasPrefix(FaultRecord.exitSentencePrefix) }) else { return nil }
        let rest = note.dropFirst(FaultRecord.exitSentencePrefix.count)
        return String(rest.hasSuffix(".") ? rest.dropLast() : rest)
    }

    /// `12%`.
    private static func percent(_ share: Double) -> String { "\(Int((share * 100).rounded()))%" }

    private static func failoverSentence(_ results: [ScenarioResult]) -> String {
        let named = zip(names(results), results).compactMap { name, result in
            result.metrics.failoverMs.map { (name, $0.p50) }
        }.sorted { $0.1 < $1.1 }
        guard let fastest = named.first else {
            return "No failover trial reached an agreed leader (\(setting(results)))."
        }
        let others = named.dropFirst().map { "\($0.0) in \(ms($0.1))" }
        let rest = others.isEmpty ? "" : ", " + list(others)
        return "\(fastest.0) failed over in a median \(ms(fastest.1))\(rest) (\(setting(results)))."
    }

    /// "That is 0.32x etcd's median for Raft, 0.42x for Bully.", when etcd ran beside ours.
    private static func etcdComparison(_ results: [ScenarioResult]) -> String? {
        guard let etcd = results.first(where: { $0.algorithm == "etcd" })?.metrics.failoverMs?.p50, etcd > 0 else {
            return nil
        }
        let ours = zip(names(results), results).filter { $0.1.algorithm != "etcd" }.compactMap { name, result in
            result.metrics.failoverMs.map { "\(ReportNumber.plain($0.p50 / etcd, decimals: 2))x for \(name)" }
        }
        guard !ours.isEmpty else { return nil }
        return "Against etcd's median of \(ms(etcd)), measured in the same run: "
            + list(ours) + "."
    }

    private static func flappingSentence(_ all: [ScenarioResult]) -> String? {
        // The highest id is the interesting flapper: Bully's leader by definition.
        let kind = all.contains { $0.options["flapping_node"] == "highest-id" } ? "highest-id"
            : all.first?.options["flapping_node"]
        let results = all.filter { $0.options["flapping_node"] == kind }
        let changes = zip(names(results), results).compactMap { name, result in
            result.metrics.leaderChanges.map { (name, $0.mean) }
        }
        guard let first = changes.first else { return nil }
        let who = kind == "highest-id" ? "A highest id" : kind == "follower" ? "A follower" : "A node"
        let period = ScenarioParameters.flappingPeriod
        let storm = ReportNumber.plain((period * ScenarioParameters.flappingCycles).milliseconds / 1000, decimals: 1)
        let rest = changes.dropFirst().map { "\($0.0) \(count($0.1)) \(times($0.1))" }
        return "\(who) that crashed and restarted \(ScenarioParameters.flappingCycles) times in \(storm) s made "
            + "\(first.0) change leader \(count(first.1)) \(times(first.1)) per trial"
            + (rest.isEmpty ? "" : ", " + list(rest)) + " (\(setting(results)))."
    }

    private static func slowHighestSentence(_ all: [ScenarioResult]) -> String? {
        // The slowest variant, where the difference shows most.
        func factor(_ result: ScenarioResult) -> Double {
            result.options["extra_delay"].flatMap { Double($0.prefix { $0 != "x" }) } ?? 0
        }
        guard let slowest = all.map(factor).max() else { return nil }
        let results = all.filter { factor($0) == slowest }
        let split = zip(names(results), results).compactMap { name, result in
            result.metrics.splitBrainMs.map { (name, $0.mean) }
        }
        guard let first = split.first else { return nil }
        let rest = split.dropFirst().map { "\($0.0) \(ms($0.1))" }
        return "With the highest surviving id slowed (\(ReportNumber.plain(slowest))x the timeout it competes "
            + "with), \(first.0) had two leaders (split brain) for \(ms(first.1)) per trial"
            + (rest.isEmpty ? "" : ", " + list(rest)) + " (\(setting(results)))."
    }

    private static func zombieSentence(_ results: [ScenarioResult]) -> String {
        let parts = zip(names(results), results).map { name, result -> String in
            let metrics = result.metrics
            if metrics.trialsWithoutAgreedLeader == 0, let failover = metrics.failoverMs {
                return "\(name) failed over in a median \(ms(failover.p50))"
            }
            return "\(name) ended without an agreed leader in \(metrics.trialsWithoutAgreedLeader) of "
                + "\(metrics.trialsMeasured) trials"
        }
        return "When the leader stopped in a cluster that lists a zombie member "
            + "(\(ScenarioParameters.zombieConfiguredMembers) configured, \(ScenarioParameters.zombieRunningMembers) "
            + "running), " + list(parts) + " (\(results[0].mode.displayName))."
    }

    private static func splitBrainSentence(_ results: [ScenarioResult], during what: String) -> String {
        let parts = zip(names(results), results).map { name, result in
            "\(name) \(result.metrics.splitBrainMs.map { ms($0.mean) } ?? "not measured")"
        }
        return "During \(what), time with two leaders per trial: " + list(parts) + " (\(setting(results)))."
    }

    private static func rejoinSentence(_ results: [ScenarioResult]) -> String {
        let parts = zip(names(results), results).map { name, result in
            "\(name) \(result.metrics.leaderChanges.map { count($0.mean) } ?? "—")"
        }
        return "When the crashed leader came back, leader changes per trial: " + list(parts)
            + " (\(setting(results)))."
    }

    private static func scaleSentence(_ all: [ScenarioResult]) -> String? {
        let mode: RunMode = all.contains { $0.mode == .live } ? .live : .sim
        let results = all.filter { $0.mode == mode && $0.options.isEmpty && $0.metrics.failoverMs != nil }
        guard let smallest = results.map(\.clusterSize).min(), let largest = results.map(\.clusterSize).max(),
              smallest < largest else { return nil }
        var algorithms: [String] = []
        for result in ConsoleComparison.rowOrder(results) where !algorithms.contains(result.algorithm) {
            algorithms.append(result.algorithm)
        }
        let parts = algorithms.compactMap { algorithm -> String? in
            func p50(_ size: Int) -> Double? {
                results.first { $0.algorithm == algorithm && $0.clusterSize == size }?.metrics.failoverMs?.p50
            }
            guard let low = p50(smallest), let high = p50(largest) else { return nil }
            return "\(ScenarioResult.displayName(ofAlgorithm: algorithm)) from \(ms(low)) "
                + "to \(ms(high))"
        }
        guard !parts.isEmpty else { return nil }
        return "From \(smallest) to \(largest) nodes (\(mode.displayName)), the median failover went " + list(parts) + "."
    }

    private static func figure16Sentence(_ figure16: Figure16Result) -> String? {
        let quote = Figure16Result.paperQuotes.first { quote in
            !quote.isLowerBound && figure16.rows.contains { $0.rangeMs == quote.rangeMs && quote.measured(in: $0) != nil }
        }
        guard let quote, let row = figure16.rows.first(where: { $0.rangeMs == quote.rangeMs }),
              let value = quote.measured(in: row) else { return nil }
        let statistic = quote.statistic == .typical ? "median" : quote.statistic.rawValue
        return "The Raft paper's Figure 16, redone (\(figure16.mode.displayName), \(figure16.clusterSize) nodes, "
            + "up to \(ReportNumber.grouped(Double(row.trials))) trials per range): with \(quote.rangeMs) ms "
            + "timeouts the \(statistic) election took \(ms(value)), against the "
            + "paper's \(ms(quote.paperMs))."
    }

    /// How the leading scenario was measured: what a failover time spans, the method, and
    /// the timeouts of each algorithm.
    private static func methodSentence(_ results: [ScenarioResult]) -> String? {
        guard let first = results.first else { return nil }
        var timeouts: [String] = []
        var seen: Set<String> = []
        for result in results where !seen.contains(result.algorithm) {
            seen.insert(result.algorithm)
            timeouts.append("\(result.algorithmDisplayName) \(result.timing.summary)")
        }
        let how = Set(results.map(\.measurement.method.rawValue)).sorted().joined(separator: " and ")
        var sentences: [String] = []
        if first.scenario == .failover {
            // The fault the rows record (SIGINT, SIGSTOP), else the default kill -9.
            let kill = ConsoleComparison.optionAcrossRows("fault", results).map { "the \($0) of the leader" }
                ?? (first.mode == .live ? "the kill -9 of the leader" : "the leader's crash")
            sentences.append("A failover time runs from \(kill) until every survivor names the same new leader, "
                + "read from \(how).")
        } else {
            sentences.append("Times read from \(how).")
        }
        sentences.append("Timeouts: " + timeouts.joined(separator: "; ") + ".")
        sentences.append("Every setting and statistic is in the tables below.")
        return sentences.joined(separator: " ")
    }

    private static func times(_ count: Double) -> String { count == 1 ? "time" : "times" }

    /// A mean count in a sentence: `20` for 19.98, `0.2`, `1.5`.
    private static func count(_ value: Double) -> String { ReportNumber.plain(value, decimals: 1) }

    /// A time in a sentence; none at all reads "0 ms", not "0.0 ms".
    private static func ms(_ value: Double) -> String { value == 0 ? "0 ms" : ReportNumber.milliseconds(value) }

    /// "a", "a and b", "a, b and c".
    static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: ""
        case 1: items[0]
        default: items.dropLast().joined(separator: ", ") + " and " + items.last!
        }
    }
}
