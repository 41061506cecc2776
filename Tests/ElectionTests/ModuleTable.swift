import Foundation

/// The table "which module may import which" in docs/architecture.md, read from the document
/// itself so that the document stays the one place the rule is written down, and the sources
/// of each module it lists.
///
/// A row names a module, its folder, whether it is pure, and the modules it may import, each
/// in backticks:
///
///     | `ElectionLive` | `Sources/Election/Live` | no | `Election`, `Foundation` |
struct ModuleTable {
    struct Module: CustomStringConvertible {
        var name: String
        /// Relative to the package root, without a trailing slash.
        var folder: String
        /// Pure modules do no I/O, read no clock and draw no global randomness.
        var isPure: Bool
        var mayImport: Set<String>

        var description: String { name }
    }

    /// One `import` line of a source file.
    struct Import {
        var file: String
        var line: Int
        var module: String
    }

    struct ReadError: Error, CustomStringConvertible {
        var description: String
    }

    static let document = "docs/architecture.md"
    static let header = "| module | folder | pure | may import |"

    /// The package root: this file is Tests/ElectionTests/ModuleTable.swift.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    let modules: [Module]

    /// Reads the table from docs/architecture.md; throws when the document has none, or a row
    /// does not have the four columns.
    static func load() throws -> ModuleTable {
        let text = try String(contentsOf: root.appendingPathComponent(document), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == header })
        else {
            throw ReadError(description: "\(document) has no table with the header \(header)")
        }
        var modules: [Module] = []
        // Skip the header and the |---| line; the table ends at the first line that is not a row.
        for line in lines[(start + 2)...] {
            guard line.hasPrefix("|") else { break }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
                .map { String($0).trimmingCharacters(in: .whitespaces) }
            guard cells.count == 4, let name = codeSpans(cells[0]).first,
                  let folder = codeSpans(cells[1]).first, ["yes", "no"].contains(cells[2])
            else {
                throw ReadError(description: "\(document): cannot read the module row \(line)")
            }
            modules.append(Module(name: name, folder: folder, isPure: cells[2] == "yes",
                                  mayImport: Set(codeSpans(cells[3]))))
        }
        return ModuleTable(modules: modules)
    }

    /// The texts between backticks, in order.
    static func codeSpans(_ cell: String) -> [String] {
        cell.split(separator: "`", omittingEmptySubsequences: false).enumerated()
            .filter { $0.offset % 2 == 1 }.map { String($0.element) }
    }

    /// The module a source file belongs to: the one with the longest folder that contains it,
    /// the way Package.swift's `exclude:` lists carve sub-folders out of a parent module.
    func module(ofFile path: String) -> Module? {
        modules.filter { path.hasPrefix($0.folder + "/") }.max { $0.folder.count < $1.folder.count }
    }

    /// Every Swift file under `Sources`, relative to the package root, sorted.
    static func allSourceFiles() throws -> [String] {
        let sources = root.appendingPathComponent("Sources")
        guard let walker = FileManager.default.enumerator(atPath: sources.path) else {
            throw ReadError(description: "cannot list \(sources.path)")
        }
        return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
            .map { "Sources/" + $0 }.sorted()
    }

    /// The Swift files that belong to `module`, relative to the package root.
    func files(of module: Module) throws -> [String] {
        try Self.allSourceFiles().filter { self.module(ofFile: $0)?.name == module.name }
    }

    /// The lines of a file, relative to the package root, numbered from 1.
    static func numberedLines(of file: String) throws -> [(number: Int, text: Substring)] {
        let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
        return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .map { (number: $0.offset + 1, text: $0.element) }
    }

    /// Every `import` in a file, conditional ones (`#if canImport`) included, with attributes
    /// and access levels (`@testable`, `public`) and kinds (`import struct Foundation.Date`)
    /// looked through, so none slips past the table.
    static func imports(of file: String) throws -> [Import] {
        let modifiers: Set<Substring> = [
            "@testable", "@_exported", "@_implementationOnly", "@preconcurrency",
            "public", "package", "internal", "fileprivate", "private",
        ]
        let kinds: Set<Substring> = ["struct", "class", "enum", "protocol", "typealias", "func",
                                     "let", "var"]
        return try numberedLines(of: file).compactMap { number, text in
            var words = text.split(whereSeparator: \.isWhitespace)[...]
            while let first = words.first, modifiers.contains(first) { words = words.dropFirst() }
            guard words.first == "import" else { return nil }
            words = words.dropFirst()
            if let first = words.first, kinds.contains(first) { words = words.dropFirst() }
            guard let path = words.first else { return nil }
            let module = path.split(separator: ".").first.map(String.init) ?? String(path)
            return Import(file: file, line: number, module: module)
        }
    }
}
