import AlgorithmRegistry

/// Colours for charts, from the Okabe-Ito palette, which stays distinguishable for the
/// common kinds of colour blindness. Lines also differ by dash pattern and markers, so no
/// chart relies on colour alone.
enum Palette {
    /// Series colours in the order they are handed out.
    static let series = [
        "#0072B2",  // blue
        "#D55E00",  // vermillion
        "#009E73",  // bluish green
        "#CC79A7",  // reddish purple
        "#E69F00",  // orange
        "#56B4E9",  // sky blue
        "#000000",  // black
        "#8C6D1F",  // dark yellow (the palette's yellow is too pale for thin lines)
    ]

    /// Node colours for timelines (filled bars, where the pale yellow reads well).
    static let nodes = [
        "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
        "#000000", "#999999",
    ]

    /// Dash patterns handed out together with colours (`nil` is a solid line).
    static let dashes: [String?] = [nil, "7 4", "2 3", "10 3 2 3"]

    /// Grey for axes, grids and "no leader" fills.
    static let axis = "#444444"
    static let grid = "#E0E0E0"
    static let minorGrid = "#F2F2F2"
    static let text = "#222222"
    static let muted = "#777777"

    /// Each algorithm keeps its colour on every chart: this package's algorithms by their
    /// place in the registry (the first vermillion, the second blue, as Bully and Raft have
    /// always been drawn, then orange and sky blue), and the outside systems measured beside
    /// them their own (etcd bluish green, the workshop node reddish purple), so they never
    /// share one.
    static func color(forAlgorithm algorithm: String) -> String {
        let name = algorithm.lowercased()
        if let position = AlgorithmRegistry.standard.position(of: name), position < registeredSeries.count {
            return registeredSeries[position]
        }
        if let color = peerSeries[name] { return color }
        return series[2 + abs(stableHash(algorithm)) % (series.count - 2)]
    }

    /// The colours of the registry's algorithms, by position.
    private static let registeredSeries = [series[1], series[0], series[4], series[5]]

    /// The colours of the outside systems the live bench measures.
    private static let peerSeries = ["etcd": series[2], "workshop-bully": series[3]]

    /// The colour of node `index` (0-based position in the timeline's node list).
    static func color(forNodeAt index: Int) -> String { nodes[index % nodes.count] }

    static func seriesColor(_ index: Int) -> String { series[index % series.count] }

    static func dash(_ index: Int) -> String? { dashes[index % dashes.count] }

    // A hash that does not change between runs (Swift's `hashValue` is seeded per process).
    private static func stableHash(_ text: String) -> Int {
        text.utf8.reduce(0) { ($0 &* 31 &+ Int($1)) & 0x7fff_ffff }
    }
}
