import AlgorithmRegistry
import Dispatch
import Election
import Foundation
import Synchronization

/// Runs `ChaosRun` over a range of seeds for each chosen algorithm, on every core: the seeds
/// are cut into chunks that threads take in turn, and the results are put back in seed
/// order, so the summary (and the printed report) is the same on one core or eight.
public struct ChaosCampaign: Sendable {
    public let options: ChaosOptions

    public init(options: ChaosOptions) {
        self.options = options
    }

    /// Runs every chosen algorithm in turn (once per combination of its switches with
    /// `everyCombination`); `progress` hears of each one finishing.
    public func run(progress: @Sendable (String) -> Void = { _ in }) -> [ChaosSummary] {
        options.algorithms.flatMap { algorithm -> [ChaosSummary] in
            // Only an algorithm with safety rules to check (a `ChaosAlgorithm`) can be run.
            var visitor = ChaosVisitor(campaign: self)
            guard let entry = AlgorithmRegistry.standard.entry(named: algorithm),
                  let opened = AlgorithmRegistry.open(entry, with: &visitor) else {
                progress("chaos: \(algorithm) skipped, it has no chaos check (ChaosAlgorithm conformance)")
                return []
            }
            let summaries: [ChaosSummary]
            switch opened {
            case .success(let ran): summaries = ran
            case .failure(let error):
                progress("chaos: \(algorithm) skipped, \(error.reason)")
                return []
            }
            progress("chaos: \(algorithm) done, \(summaries.map(\.runs).reduce(0, +)) runs"
                     + (options.everyCombination ? " in \(summaries.count) combinations" : ""))
            return summaries
        }
    }

    /// Every seed for `algorithm` once per combination of `entry`'s switches
    /// (`ChaosCombinations`), one summary each, in that order. The
    /// entry is the algorithm itself, or the real algorithm a broken copy in a test wraps.
    public func runEveryCombination<Node: ChaosAlgorithm, Entry: RegisteredAlgorithm>(
        _ algorithm: Node.Type, switchesOf entry: Entry.Type
    ) throws(ChaosSettingsError) -> [ChaosSummary] {
        var summaries: [ChaosSummary] = []
        for choice in ChaosCombinations.all(of: entry) {
            var options = self.options
            options.settings = choice
            summaries.append(try ChaosCampaign(options: options).run(algorithm))
        }
        return summaries
    }

    /// Every seed for one algorithm, with the settings `options.settings` chooses; throws when
    /// the algorithm cannot run that choice.
    public func run<Node: ChaosAlgorithm>(_ algorithm: Node.Type) throws(ChaosSettingsError) -> ChaosSummary {
        run(algorithm, settings: try Node.chaosSettings(options.settings))
    }

    /// Every seed for one algorithm, each node with `settings`.
    public func run<Node: ChaosAlgorithm>(_ algorithm: Node.Type, settings: Node.Settings) -> ChaosSummary {
        let highestMustLead = Node.highestRunningIdLeads(with: settings)
        let clock = ContinuousClock()
        let start = clock.now
        let seeds = options.seeds
        let chunkSize = 25
        let chunkCount = (seeds.count + chunkSize - 1) / chunkSize
        let results = Mutex<[ChaosRunResult?]>(Array(repeating: nil, count: seeds.count))
        let options = self.options
        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
            let range = chunk * chunkSize..<min(seeds.count, (chunk + 1) * chunkSize)
            var finished: [ChaosRunResult] = []
            finished.reserveCapacity(range.count)
            for index in range {
                let seed = seeds[index]
                finished.append(ChaosRun<Node>(seed: seed, nodes: options.clusterSize(seed: seed),
                                               faultDuration: options.faultDuration,
                                               injectsStorageFaults: options.injectsStorageFaults,
                                               recordsTrace: options.printsTrace, settings: settings).run())
            }
            results.withLock { all in
                for (offset, result) in finished.enumerated() { all[range.lowerBound + offset] = result }
            }
        }
        var summary = ChaosSummary(algorithm: Node.algorithmName,
                                   invariants: Node.SafetyCheck.invariants(highestRunningIdLeads: highestMustLead)
                                       + [Node.recoveryInvariant(highestMustLead: highestMustLead)])
        summary.settings = options.settings.title + ": "
            + Node.chaosSettingsSummary(settings)
        summary.choice = options.settings
        for result in results.withLock({ $0 }) {
            if let result { summary.add(result) }
        }
        summary.wallSeconds = Double((clock.now - start).nanoseconds) / 1e9
        return summary
    }
}

/// `ChaosCampaign.run` with the algorithm's concrete type, so that the chaos runs execute code
/// compiled for it (`AlgorithmRegistry.open(_:with:)`): one summary, or one per combination
/// of its switches; `nil` for an algorithm without a chaos check, a failure for one that
/// cannot run the chosen settings.
private struct ChaosVisitor: AlgorithmVisitor {
    let campaign: ChaosCampaign

    func visit<Node: RegisteredAlgorithm>(_ algorithm: Node.Type) -> Result<[ChaosSummary], ChaosSettingsError>? {
        guard let chaos = algorithm as? any ChaosAlgorithm.Type else { return nil }
        do {
            if campaign.options.everyCombination {
                return .success(try campaign.runEveryCombination(chaos, switchesOf: algorithm))
            }
            return .success([try campaign.run(chaos)])
        } catch {
            return .failure(error)
        }
    }
}
