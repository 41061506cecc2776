/// The documentation of `results.json`, written next to it as `results-schema.md` so the
/// data always travels with its meaning. Keep it in step with the Codable types in this
/// folder; `BenchTests` checks that every key named here exists in an encoded run.
enum ResultsSchema {
    static var text: String {
        """
        # results.json, schema version \(BenchRun.schemaVersion)

        Written by `election-bench` (Swift module `Bench`, type `BenchRun`). All keys are
        snake_case. Times are milliseconds (`_ms`) unless the key says otherwise (`_s`).
        A metric that was not measured is absent or `null`, never a made-up zero.
        Percentiles are nearest-rank: the p-th percentile of n sorted values is the value at
        rank ceil(p/100 * n), so every percentile is a value that was actually measured.

        ## Top level (`BenchRun`)

        | key | type | meaning |
        | --- | --- | --- |
        | `schema_version` | int | \(BenchRun.schemaVersion); bumped when a key changes meaning or disappears |
        | `tool_version` | string | the bench that wrote the file |
        | `started_at` | string | ISO 8601, UTC |
        | `machine` | object | `os`, `architecture`, `cpu_count`, `memory_gb`, `note` (no host or user names) |
        | `command_line` | [string] | the command as typed |
        | `seed` | int | the run's master seed |
        | `duration_s` | number | wall-clock length of the run, seconds |
        | `results` | [ScenarioResult] | one per scenario, algorithm and setting |
        | `figure16` | Figure16Result or null | the Raft paper's Figure 16, when run |
        | `references` | [ReferenceResult] | outside figures for scale, quoted or measured |
        | `notes` | [string] | run-wide remarks |
        | `metric_definitions` | [object] | `key`, `name`, `unit`, `definition` of every metric (below) |

        ## ScenarioResult

        | key | type | meaning |
        | --- | --- | --- |
        | `scenario` | string | `failover`, `rejoin`, `slow-highest`, `flapping`, `partition`, `zombie`, `scale`, or a runner's own |
        | `algorithm` | string | `bully` or `raft`, or an outside system run beside them with `--with`: `etcd` (a real etcd cluster), `workshop-bully` (the workshop's Python node) |
        | `mode` | string | `live` (real processes on loopback) or `sim` (the simulator) |
        | `cluster_size` | int | nodes in the cluster |
        | `timing` | object | `heartbeat_ms`, `election_timeout_ms` ([min, max]), `failure_timeout_ms`, `answer_timeout_ms`; absent when the algorithm has no such timeout |
        | `options` | {string: string} | behaviour-changing options, e.g. `{"prevote": "on"}` |
        | `trials` | int | trials planned |
        | `seed` | int | the seed used (absent if none) |
        | `measurement` | object | `method` (`node event timestamps`, `status polling` or `virtual clock`), `resolution_ms` (each time may be off by up to this much), `note` |
        | `samples` | [TrialSample] | one per trial that ran |
        | `metrics` | ScenarioMetrics | summaries of `samples` (recomputed from them when read) |
        | `timelines` | [LeadershipTimeline] | who led when, for one or a few trials |
        | `notes` | [string] | what a reader should know about this result |
        | `variant` | string | the row's name, saying which settings it ran (`Raft (defaults)`, `Raft textbook`, `etcd`); absent in files written before rows were named. Its flags are in `options.flags` (none for the defaults) |
        | `series` | string | the series of the default run the row belongs to (`kill -9 · each option on (defaults) and off`); absent for a single scenario's rows. Results of one scenario, mode, size and series share a table |

        ## TrialSample

        | key | type | meaning |
        | --- | --- | --- |
        | `trial` | int | 1-based trial number |
        | `seed` | int | seed that replays this trial, if it has its own |
        | `failover_ms` | number or absent | fault until every survivor names the same new leader; absent when that never happened |
        | `leader_agreed_at_end` | bool | the trial ended with an agreed leader |
        | `leaderless_ms` | number | total time without an agreed leader |
        | `split_brain_ms` | number | total time with two or more nodes leading |
        | `elections_started` | int | elections started by any node |
        | `leader_changes` | int | times any node became leader |
        | `term_increments` | int | highest term (Raft) or epoch (Bully) at the end minus at the start |
        | `election_messages` | int | election messages sent by all nodes (no heartbeats) |
        | `election_bytes` | int | their wire bytes |
        | `note` | string | anything unusual |

        ## ScenarioMetrics

        `trials_measured` (int), `trials_without_agreed_leader` (int), and for each metric key
        below a SummaryStats object or null: `failover_ms`, `leaderless_ms`, `split_brain_ms`,
        `elections_started`, `leader_changes`, `term_increments`, `messages_per_election`,
        `bytes_per_election`. A SummaryStats is `{"n", "min", "p50", "p90", "p99", "max", "mean"}`
        over the trials that measured the metric. `messages_per_election` and
        `bytes_per_election` are, per trial, `election_messages` (`election_bytes`) divided by
        `leader_changes` (trials with no leader change are left out). `split_vote_rate` (number
        0-1, or null) is the share of the trials with a failover and a term count whose failover
        took more than one term: a split vote, or a candidate that lost and stood again. It is null
        for an algorithm whose elections no votes decide (Bully: its epochs number leaderships).

        ## LeadershipTimeline

        `label`, `trial`, `start_ms`, `end_ms`, `nodes` ([int]), `segments`, `marks`.
        A segment `{"node", "from_ms", "to_ms", "role", "leader"}` says a running node had
        `role` (`leader`, `follower`, `candidate`) and believed `leader` (an id or null) over
        [from_ms, to_ms). No segment means the node was down. A mark
        `{"time_ms", "node", "kind", "note"}` is a fault or repair: `kind` is `crash`,
        `restart`, `partition`, `heal`, `pause` or `resume`; `node` is null for the whole network.
        The cluster has an agreed leader when every running node names the same leader and
        that leader is running as leader; split brain is two or more running nodes leading.

        ## Figure16Result (`figure16`)

        `algorithm`, `mode`, `cluster_size`, `heartbeat_ms`, `trial_cap_ms` (a trial with no
        leader after this long is unfinished), `seed`, `measurement`, `options`, `notes`
        ("where and why we differ from the paper"), and `rows`. A row is
        `{"range_ms": [150, 155], "trials": 1000, "median_ms", "mean_ms", "p99_ms", "max_ms", "cdf"}`
        plus `"unfinished": k` when k trials did not finish. Percentiles rank all trials, the
        unfinished ones last; a statistic that lands on an unfinished trial is null ("longer
        than `trial_cap_ms`"), and so are `max_ms` and `mean_ms` when any trial is unfinished.
        `cdf` is a list of `{"ms", "percent"}` whose percent counts all trials, so it stops
        below 100 when some did not finish. `figure16.json` holds `{"rows": [...]}`.

        ## ReferenceResult

        `label`, `kind` (`quoted`: from the named source, not measured here; `measured`:
        supplied with its own provenance), `statistic`, `value_ms` ([low, high]), `source`,
        `note`, and `measured` (for measured ones: `procedure`, `date`, `trials`,
        `measurement`, `failover_ms`).

        ## Metrics

        \(MetricDefinition.all.map { "- `\($0.key.rawValue)` (\($0.unit)), \($0.name): \($0.definition)" }.joined(separator: "\n"))

        """
    }
}
