/// Findings of the conformance suite that stand on main and belong to an algorithm's owner
/// to fix: each is tolerated, by its exact wording, only for its algorithm, settings and
/// check, so that every other finding still fails the suite. Delete an entry once its fix
/// lands.
struct KnownFinding {
    var algorithm: String
    /// The profiles that turn the option behind it on.
    var profiles: Set<SettingsProfile>
    var check: ConformanceCheck
    /// A phrase every tolerated finding contains.
    var phrase: String
    /// What is wrong, and for whom.
    var why: String

    /// None stand today.
    static let all: [KnownFinding] = []

    /// The findings not tolerated for this algorithm, profile and check.
    static func untolerated(_ findings: [String], algorithm: String, profile: SettingsProfile,
                            check: ConformanceCheck) -> [String] {
        let phrases = all.filter { $0.algorithm == algorithm && $0.profiles.contains(profile) && $0.check == check }.map(\.phrase)
        return findings.filter { finding in !phrases.contains { finding.contains($0) } }
    }
}
