import Election

/// Where each trial's seed comes from: the run's master seed (`--seed`), the scenario and
/// variant, and the trial's number. Bully and Raft get the same seeds, so both meet the
/// same scenario draws (crash moments, for instance); their nodes still draw differently.
///
/// The mixing is fixed (FNV-1a over the names, then SplitMix64 through `SeededRandom`), not
/// Swift's `Hasher`, whose seed changes from process to process: the same command line
/// must give the same trials on every run.
enum TrialSeeds {
    static func seed(master: UInt64, scenario: String, variant: String, trial: Int) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in "\(scenario)/\(variant)".utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        var mixer = SeededRandom(seed: master ^ hash ^ (UInt64(trial) &* 0x9E37_79B9_7F4A_7C15))
        return mixer.next()
    }

    /// The generator a trial's scenario draws from, kept apart from the simulator's.
    static func scenarioRandom(trialSeed: UInt64) -> SeededRandom {
        SeededRandom(seed: trialSeed ^ 0x5CE1_A410_D4A3_5EED)
    }
}
