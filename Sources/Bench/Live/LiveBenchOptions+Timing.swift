import AlgorithmRegistry
import Election

extension LiveBenchOptions {
    /// The settings the nodes run with: each registered algorithm's own (its defaults
    /// unless a timing flag changed them), passed to `election-node` as the flags its
    /// registry entry writes. Everything per algorithm is asked of its entry, so a third
    /// algorithm needs nothing here.
    struct Timing: Hashable, Sendable {
        /// Each algorithm's settings, by name.
        private var settingsByName: [String: any Hashable & Sendable] = [:]
        private let registry: AlgorithmRegistry

        /// Every algorithm at its defaults.
        init(registry: AlgorithmRegistry = .standard) {
            self.registry = registry
            for entry in registry.entries { useDefaults(of: entry) }
        }

        private mutating func useDefaults<Algorithm: RegisteredAlgorithm>(of _: Algorithm.Type) {
            self[Algorithm.self] = Algorithm.defaultSettings
        }

        /// The settings the bench's timing flags describe, exactly as the simulated
        /// runner reads them.
        init(_ timing: BenchTiming, registry: AlgorithmRegistry = .standard) throws(BenchSettingsError) {
            self.init(registry: registry)
            for entry in registry.entries { try read(timing, into: entry) }
        }

        private mutating func read<Algorithm: RegisteredAlgorithm>(_ timing: BenchTiming, into _: Algorithm.Type)
            throws(BenchSettingsError)
        {
            self[Algorithm.self] = try Algorithm.settings(from: timing)
        }

        /// Gives `variant`'s algorithm the variant's settings: `timing`, then its flags over
        /// them, exactly as the simulated runner builds them.
        mutating func use(_ variant: BenchVariant, over timing: BenchTiming) throws(BenchSettingsError) {
            guard let entry = registry.entry(named: variant.algorithm) else {
                throw BenchSettingsError(algorithm: variant.name, reason: "there is no algorithm called '\(variant.algorithm)'")
            }
            try use(variant, over: timing, for: entry)
        }

        private mutating func use<Algorithm: RegisteredAlgorithm>(_ variant: BenchVariant, over timing: BenchTiming,
                                                                  for _: Algorithm.Type) throws(BenchSettingsError) {
            do {
                self[Algorithm.self] = try variant.settings(for: Algorithm.self, timing: timing)
            } catch let error as BenchSettingsError {
                throw error
            } catch {
                throw BenchSettingsError(algorithm: variant.name, reason: "\(error)")
            }
        }

        /// One algorithm's settings (its defaults until set).
        subscript<Algorithm: RegisteredAlgorithm>(_: Algorithm.Type) -> Algorithm.Settings {
            get { settingsByName[Algorithm.algorithmName] as? Algorithm.Settings ?? Algorithm.defaultSettings }
            set { settingsByName[Algorithm.algorithmName] = newValue }
        }

        /// The flags of `election-node` for `algorithm`.
        func nodeArguments(algorithm: String) -> [String] { nodeArguments(entry(algorithm)) }

        /// The same settings as the results record them.
        func settings(algorithm: String) -> TimingSettings { recorded(entry(algorithm)) }

        /// The timeout a slow node's delay is measured in (slow-highest), as in the
        /// simulated scenario.
        func competingTimeout(algorithm: String) -> (duration: Duration, name: String) {
            competingTimeout(entry(algorithm))
        }

        /// How often the leader of `algorithm` says it is alive.
        func heartbeat(algorithm: String) -> Duration { heartbeat(entry(algorithm)) }

        /// The longest a quiet election can take: how long the bench keeps watching after a
        /// failover, or after the last restart of a storm, to catch a second change.
        func longestQuietElection(algorithm: String) -> Duration { longestQuietElection(entry(algorithm)) }

        /// Every algorithm's settings can run and `election-node` can be given them: its
        /// flags must give the very same settings back (they take whole milliseconds).
        func validate() throws(LiveBenchError) {
            for entry in registry.entries { try validate(entry) }
        }

        // MARK: - Opening an entry

        private func entry(_ name: String) -> any RegisteredAlgorithm.Type {
            guard let entry = registry.entry(named: name) else {
                preconditionFailure("'\(name)' is not a registered algorithm; LiveCluster refuses it before this")
            }
            return entry
        }

        private func nodeArguments<Algorithm: RegisteredAlgorithm>(_: Algorithm.Type) -> [String] {
            Algorithm.arguments(for: self[Algorithm.self])
        }

        private func recorded<Algorithm: RegisteredAlgorithm>(_: Algorithm.Type) -> TimingSettings {
            Algorithm.timingSettings(of: self[Algorithm.self])
        }

        private func competingTimeout<Algorithm: RegisteredAlgorithm>(_: Algorithm.Type)
            -> (duration: Duration, name: String)
        {
            Algorithm.competingTimeout(of: self[Algorithm.self])
        }

        private func heartbeat<Algorithm: RegisteredAlgorithm>(_: Algorithm.Type) -> Duration {
            Algorithm.heartbeatInterval(of: self[Algorithm.self])
        }

        private func longestQuietElection<Algorithm: RegisteredAlgorithm>(_: Algorithm.Type) -> Duration {
            Algorithm.longestQuietElection(of: self[Algorithm.self])
        }

        private func validate<Algorithm: RegisteredAlgorithm>(_: Algorithm.Type) throws(LiveBenchError) {
            let settings = self[Algorithm.self]
            if let problem = Algorithm.problem(with: settings) { throw .invalidOptions(problem) }
            guard (try? Algorithm.settings(fromArguments: Algorithm.arguments(for: settings))) == settings else {
                throw .invalidOptions("election-node takes whole milliseconds of at least 1 for every timeout; "
                                      + "\(Algorithm.title)'s settings cannot be given to it as flags")
            }
        }

        // MARK: - Hashable

        static func == (left: Timing, right: Timing) -> Bool {
            left.registry.names == right.registry.names && left.settingsByName.count == right.settingsByName.count
                && left.settingsByName.allSatisfy { name, settings in
                    right.settingsByName[name].map { AnyHashable($0) == AnyHashable(settings) } ?? false
                }
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(registry.names)
            for name in settingsByName.keys.sorted() {
                hasher.combine(name)
                hasher.combine(AnyHashable(settingsByName[name]!))
            }
        }
    }
}
