import Foundation

/// Writes a run's files into one directory (creating it), and says what it wrote:
///
///     results.json         the whole BenchRun (schema: results-schema.md)
///     results-schema.md    every key of results.json explained
///     results.csv          one row per result
///     trials.csv           one row per trial
///     comparison.txt       what the terminal showed at the end (`ConsoleComparison.text`)
///     figure16.json        {"rows":[...]}, when Figure 16 ran
///     report.md            the report in Markdown, linking charts/
///     report.html          the report on one self-contained page
///     charts/<id>.svg      every chart as its own file
///
/// Existing files with these names are replaced; nothing else in the directory is touched.
struct ResultsWriter: Sendable {
    var directory: URL

    /// The default output directory, `bench-results/` under the current directory.
    static let defaultDirectoryName = "bench-results"

    init(directory: URL) { self.directory = directory }

    init(path: String = ResultsWriter.defaultDirectoryName) {
        directory = URL(fileURLWithPath: path, isDirectory: true)
    }

    /// Writes every file and returns their URLs, `results.json` first.
    @discardableResult
    func write(_ run: BenchRun) throws -> [URL] {
        let charts = ReportChart.all(for: run)
        var files: [(name: String, data: Data)] = [
            ("results.json", try BenchJSON.encode(run)),
            ("results-schema.md", Data(ResultsSchema.text.utf8)),
            ("results.csv", Data(CSVWriter.resultsCSV(run).utf8)),
            ("trials.csv", Data(CSVWriter.trialsCSV(run).utf8)),
            ("comparison.txt", Data(ConsoleComparison(run: run).text.utf8)),
        ]
        if let figure16 = run.figure16 {
            files.append(("figure16.json", try BenchJSON.encode(Figure16Result.File(rows: figure16.rows))))
        }
        files.append(("report.md", Data(MarkdownReport(run: run, charts: charts).render().utf8)))
        files.append(("report.html", Data(HTMLReport(run: run, charts: charts).render().utf8)))
        files += charts.map { ($0.fileName, Data($0.standaloneSVG.utf8)) }

        let manager = FileManager.default
        do {
            try manager.createDirectory(at: directory.appendingPathComponent("charts", isDirectory: true),
                                        withIntermediateDirectories: true)
        } catch {
            throw WriteError(path: directory.path, reason: error.localizedDescription)
        }
        var written: [URL] = []
        for file in files {
            let url = directory.appendingPathComponent(file.name)
            do {
                try file.data.write(to: url, options: .atomic)
            } catch {
                throw WriteError(path: url.path, reason: error.localizedDescription)
            }
            written.append(url)
        }
        return written
    }

    /// A file or directory could not be written.
    struct WriteError: Error, CustomStringConvertible {
        var path: String
        var reason: String
        var description: String {
            "Could not write \(path) (\(reason)); check that the directory is writable or pick another with --out DIR."
        }
    }
}
