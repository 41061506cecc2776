import Foundation

/// A measured etcd failover, from the JSON that `tools/etcd_failover.py --json FILE`
/// writes, turned into a `ReferenceResult` to show beside our live numbers
/// (`election-bench --etcd-json FILE`).
///
/// The script kills the etcd leader with SIGKILL and polls every survivor's
/// `/v3/maintenance/status` until they agree on a new leader; it also reads etcd's own
/// log timestamps (to the millisecond) as a cross-check. Its statistics are recomputed
/// here from the per-trial times with `Statistics` (nearest rank), so the percentiles
/// mean the same as ours.
public enum EtcdReference {
    /// Why a file could not be used; `description` says what to do.
    public struct LoadError: Error, Hashable, Sendable, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String {
            "cannot use \(path) as an etcd reference: \(reason); write it with "
                + "`python3 tools/etcd_failover.py --json FILE`"
        }
    }

    /// The reference in the file at `path`.
    public static func load(path: String) throws -> ReferenceResult {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw LoadError(path: path, reason: "it could not be read (\(error.localizedDescription))")
        }
        let modified = (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate]) as? Date
        do {
            return try parse(data, measuredOn: modified ?? Date())
        } catch let error as LoadError {
            throw LoadError(path: path, reason: error.reason)
        }
    }

    /// The reference in `data` (the script's JSON), measured on `date`.
    public static func parse(_ data: Data, measuredOn date: Date) throws -> ReferenceResult {
        let file: ScriptOutput
        do {
            file = try JSONDecoder().decode(ScriptOutput.self, from: data)
        } catch {
            throw LoadError(path: "", reason: "it is not the script's JSON (\(error))")
        }
        let polled = file.perTrial?.compactMap(\.failoverMs) ?? []
        guard let failover = Statistics.summarize(polled) ?? file.failoverMs?.stats else {
            throw LoadError(path: "", reason: "it has no failover times (did every trial fail? errors: "
                + (file.errors ?? []).joined(separator: "; ") + ")")
        }
        let fromLogs = Statistics.summarize(file.perTrial?.compactMap(\.logFailoverMs) ?? []) ?? file.logFailoverMs?.stats
        let members = file.members ?? 3
        let system = file.system ?? "etcd"
        let timing = "heartbeat \(ReportNumber.plain(file.heartbeatMs ?? 100)) ms, "
            + "election \(ReportNumber.plain(file.electionMs ?? 1000)) ms"
        let preVote = file.preVote == true ? ", PreVote on" : ""
        let roundPeriod = file.pollRoundPeriodMsMedian ?? file.pollSleepMs ?? 2
        var note = "p90 \(ReportNumber.milliseconds(failover.p90)), max \(ReportNumber.milliseconds(failover.max)) "
            + "over \(failover.n) trials; status polling overstates each time by at most one round "
            + "(median round period \(ReportNumber.milliseconds(roundPeriod)))."
        if let fromLogs {
            note += " From etcd's own log timestamps (1 ms resolution): median "
                + "\(ReportNumber.milliseconds(fromLogs.p50)), max \(ReportNumber.milliseconds(fromLogs.max))."
        }
        if let errors = file.errors, !errors.isEmpty { note += " The script reported: " + errors.joined(separator: "; ") }
        let procedure = "\(system), \(members) members on loopback, \(timing)\(preVote); kill -9 the leader, "
            + "poll /v3/maintenance/status until every survivor names the same new leader"
        return ReferenceResult(
            label: "\(system), \(timing)\(preVote), measured on this machine",
            kind: .measured, statistic: "median failover", valueMs: MillisecondRange(exactly: failover.p50),
            source: "tools/etcd_failover.py (the bench's reference script)", note: note,
            measured: ReferenceResult.Provenance(
                procedure: procedure, date: BenchRun.timestamp(date), trials: file.trials ?? failover.n,
                measurement: TimeMeasurement(method: .statusPolling, resolutionMs: roundPeriod,
                                             note: file.measurement),
                failoverMs: failover))
    }

    /// The parts of the script's JSON the reference uses.
    private struct ScriptOutput: Decodable {
        struct Summary: Decodable {
            var n: Int
            var min: Double
            var median: Double
            var p90: Double
            var max: Double
            var mean: Double
            /// With the script's trial counts (at most a few hundred), p99 by nearest rank is
            /// the maximum below 100 trials; above that it is not in the summary, and the
            /// maximum is an upper bound.
            var stats: SummaryStats {
                SummaryStats(n: n, min: min, p50: median, p90: p90, p99: max, max: max, mean: mean)
            }
        }

        struct Trial: Decodable {
            var failoverMs: Double?
            var logFailoverMs: Double?
            enum CodingKeys: String, CodingKey {
                case failoverMs = "failover_ms"
                case logFailoverMs = "log_failover_ms"
            }
        }

        var system: String?
        var members: Int?
        var heartbeatMs: Double?
        var electionMs: Double?
        var preVote: Bool?
        var trials: Int?
        var pollSleepMs: Double?
        var failoverMs: Summary?
        var logFailoverMs: Summary?
        var pollRoundPeriodMsMedian: Double?
        var measurement: String?
        var errors: [String]?
        var perTrial: [Trial]?

        enum CodingKeys: String, CodingKey {
            case system, members, trials, measurement, errors
            case heartbeatMs = "heartbeat_ms"
            case electionMs = "election_ms"
            case preVote = "pre_vote"
            case pollSleepMs = "poll_sleep_ms"
            case failoverMs = "failover_ms"
            case logFailoverMs = "log_failover_ms"
            case pollRoundPeriodMsMedian = "poll_round_period_ms_median"
            case perTrial = "per_trial"
        }
    }
}

/// The etcd reference in the JSON file at `path` (written by `tools/etcd_failover.py
/// --json`), for `election-bench --etcd-json FILE`. See `EtcdReference`.
public func loadEtcdReference(_ path: String) throws -> ReferenceResult {
    try EtcdReference.load(path: path)
}
