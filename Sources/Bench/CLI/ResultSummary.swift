/// One short line per finished result, printed as soon as it is done, so a long run shows
/// where it is. It names the result (live or simulated, scenario, algorithm and variant,
/// cluster size, trials) and leaves the numbers to the table at the end, which states the
/// timeouts and measurement they depend on (and how many trials ended with a leader).
enum ResultSummary {
    static func line(for result: ScenarioResult) -> String {
        var name = result.rowName
        if !result.scenarioOptionsSummary.isEmpty { name += " (\(result.scenarioOptionsSummary))" }
        return "done: \(result.mode.rawValue) \(result.scenario.rawValue) · \(name) · "
            + "\(result.clusterSize) nodes · \(result.metrics.trialsMeasured) "
            + (result.metrics.trialsMeasured == 1 ? "trial" : "trials")
    }

    static func line(for figure16: Figure16Result) -> String {
        let trials = figure16.rows.map(\.trials).max() ?? 0
        return "done: \(figure16.mode.rawValue) figure16 · "
            + "\(figure16.rowName) · \(figure16.clusterSize) nodes · "
            + "\(figure16.rows.count) election-timeout ranges, up to \(ReportNumber.grouped(Double(trials))) trials each"
    }
}
