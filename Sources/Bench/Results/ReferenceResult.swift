/// A failover figure from outside this bench, shown beside our numbers for scale.
///
/// A `quoted` reference is a number from documentation or a paper, labelled
/// "quoted, not measured here" everywhere it appears. A `measured` reference carries its
/// own provenance and is labelled with it instead. Systems the bench can run itself (etcd,
/// the workshop node) are not references: they are measured results beside ours.
///
/// JSON: `{"label":..,"kind":"quoted","statistic":..,"value_ms":[1000,1200],"source":..,
/// "note":..,"measured":null}`.
struct ReferenceResult: Codable, Hashable, Sendable {
    enum Kind: String, Codable, Hashable, Sendable {
        case quoted
        case measured
    }

    /// How a measured reference was obtained.
    struct Provenance: Codable, Hashable, Sendable {
        /// The command or procedure ("etcd 3.5.12, 3 members on loopback, kill -9 the leader").
        var procedure: String
        /// When it was measured (ISO 8601).
        var date: String
        var trials: Int
        var measurement: TimeMeasurement
        /// The measured failover times, if available.
        var failoverMs: SummaryStats?

        init(procedure: String, date: String, trials: Int, measurement: TimeMeasurement,
                    failoverMs: SummaryStats? = nil) {
            self.procedure = procedure
            self.date = date
            self.trials = trials
            self.measurement = measurement
            self.failoverMs = failoverMs
        }

        enum CodingKeys: String, CodingKey {
            case procedure, date, trials, measurement
            case failoverMs = "failover_ms"
        }
    }

    /// "etcd 3.4, default timeouts (heartbeat 100 ms, election 1000 ms)".
    var label: String
    var kind: Kind
    /// What the value is: "typical failover", "median election time".
    var statistic: String
    /// The value, as a range when the source gives one (`[500,600]`), else `[v,v]`.
    var valueMs: MillisecondRange
    /// Where the number comes from.
    var source: String
    var note: String?
    /// Present for `measured` references.
    var measured: Provenance?

    init(label: String, kind: Kind, statistic: String, valueMs: MillisecondRange,
                source: String, note: String? = nil, measured: Provenance? = nil) {
        self.label = label
        self.kind = kind
        self.statistic = statistic
        self.valueMs = valueMs
        self.source = source
        self.note = note
        self.measured = measured
    }

    enum CodingKeys: String, CodingKey {
        case label, kind, statistic
        case valueMs = "value_ms"
        case source, note, measured
    }

    /// "≈ 287 ms" or "≈ 500-600 ms", for every table that shows the figure.
    var approximateValue: String {
        valueMs.min == valueMs.max
            ? "≈ " + ReportNumber.milliseconds(valueMs.min)
            : "≈ \(ReportNumber.plain(valueMs.min))-\(ReportNumber.milliseconds(valueMs.max))"
    }

    /// "quoted, not measured here" or "measured: <procedure> (<date>)".
    var provenanceLabel: String {
        switch kind {
        case .quoted: "quoted, not measured here"
        case .measured:
            measured.map { "measured: \($0.procedure) (\($0.date), \($0.trials) trials)" }
                ?? "measured (no provenance given)"
        }
    }

    /// The figures every report shows unless a run replaces them. etcd is no longer quoted
    /// here: the bench measures it in the same run (`--with etcd`).
    static let quotedDefaults: [ReferenceResult] = [
        ReferenceResult(
            label: "Raft paper, Figure 16, timeouts 150-155 ms",
            kind: .quoted, statistic: "median election time", valueMs: MillisecondRange(exactly: 287),
            source: "Ongaro and Ousterhout, In Search of an Understandable Consensus Algorithm (extended version, 2014), §9.3, Figure 16.",
            note: "Five servers; the time from the leader's crash until a new leader is elected."),
    ]
}
