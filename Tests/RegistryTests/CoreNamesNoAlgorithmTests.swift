import AlgorithmRegistry
import Election
import Foundation
import Testing

/// The core and the runtime around it are written for any algorithm: no file under
/// Sources/Election, comments included, names a registered algorithm. An algorithm's name
/// belongs in its own folder and its registry entry.
@Suite struct CoreNamesNoAlgorithmTests {
    @Test func noFileUnderSourcesElectionNamesAnAlgorithm() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let core = root.appendingPathComponent("Sources/Election")
        let names = AlgorithmRegistry.standard.entries.flatMap { [$0.algorithmName.lowercased(), $0.title.lowercased()] }
        let words = Array(Set(names)).sorted()
        let files = try #require(FileManager.default.enumerator(atPath: core.path)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".swift") }.sorted()
        #expect(!files.isEmpty, "no Swift files found under \(core.path)")
        var found: [String] = []
        for file in files {
            let text = try String(contentsOf: core.appendingPathComponent(file), encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let lowered = line.lowercased()
                for word in words where lowered.contains(word) {
                    found.append("Sources/Election/\(file):\(number + 1): '\(word)' in \(line.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
        #expect(found.isEmpty, Comment(rawValue: "the core names an algorithm:\n" + found.joined(separator: "\n")))
    }
}
