import Foundation

/// Maps data values to pixel positions along one axis and picks its tick marks.
///
/// Linear axes step by a "nice number" (1, 2 or 5 times a power of ten, after Paul
/// Heckbert's "Nice numbers for graph labels", Graphics Gems, 1990) and round their ends
/// outwards to a multiple of it, so ticks land on values a reader can use. Logarithmic axes span whole decades and tick
/// at 1, 2 and 5 times each power of ten while that stays readable.
struct AxisScale: Sendable {
    enum Kind: String, Sendable {
        case linear
        case logarithmic
    }

    struct Tick: Hashable, Sendable {
        var value: Double
        var label: String
        /// Minor ticks get a grid line but no label.
        var isMajor: Bool
    }

    let kind: Kind
    /// The value range the axis shows, after rounding outwards.
    let lower: Double
    let upper: Double
    /// Pixel positions of `lower` and `upper` (a y axis runs from bottom to top, so its
    /// `pixelsAtLower` is the larger number).
    let pixelsAtLower: Double
    let pixelsAtUpper: Double
    let ticks: [Tick]

    /// A linear axis showing at least `dataMin...dataMax`, with about `tickCount` ticks.
    static func linear(dataMin: Double, dataMax: Double, pixels: (Double, Double),
                              tickCount: Int = 6) -> AxisScale {
        var low = dataMin.isFinite ? dataMin : 0
        var high = dataMax.isFinite ? dataMax : 1
        if high <= low { high = low == 0 ? 1 : low + abs(low) * 0.5 }
        let spacing = niceNumber((high - low) / Double(max(tickCount - 1, 1)), round: true)
        low = (low / spacing).rounded(.down) * spacing
        high = (high / spacing).rounded(.up) * spacing
        let decimals = max(0, -Int(log10(spacing).rounded(.down)))
        var ticks: [Tick] = []
        var value = low
        while value <= high + spacing / 2 {
            let clean = abs(value) < spacing / 1e6 ? 0 : value
            ticks.append(Tick(value: clean, label: label(clean, decimals: decimals), isMajor: true))
            value += spacing
        }
        return AxisScale(kind: .linear, lower: low, upper: high, pixelsAtLower: pixels.0,
                         pixelsAtUpper: pixels.1, ticks: ticks)
    }

    /// A logarithmic axis from the decade at or below `dataMin` to the one at or above
    /// `dataMax`. Values must be positive; smaller ones are clamped to the axis start.
    static func logarithmic(dataMin: Double, dataMax: Double, pixels: (Double, Double))
        -> AxisScale
    {
        let safeMin = dataMin > 0 && dataMin.isFinite ? dataMin : 1
        let safeMax = dataMax > safeMin && dataMax.isFinite ? dataMax : safeMin * 10
        let lowExponent = Int(log10(safeMin).rounded(.down))
        var highExponent = Int(log10(safeMax).rounded(.up))
        if highExponent == lowExponent { highExponent += 1 }
        let decades = highExponent - lowExponent
        var ticks: [Tick] = []
        for exponent in lowExponent...highExponent {
            let power = pow(10, Double(exponent))
            ticks.append(Tick(value: power, label: label(power, decimals: max(0, -exponent)), isMajor: true))
            guard exponent < highExponent else { break }
            for multiple in [2.0, 3, 4, 5, 6, 7, 8, 9] {
                let labelled = decades <= 2 && (multiple == 2 || multiple == 5)
                ticks.append(Tick(value: multiple * power,
                                  label: labelled ? label(multiple * power, decimals: max(0, -exponent)) : "",
                                  isMajor: labelled))
            }
        }
        return AxisScale(kind: .logarithmic, lower: pow(10, Double(lowExponent)),
                         upper: pow(10, Double(highExponent)), pixelsAtLower: pixels.0,
                         pixelsAtUpper: pixels.1, ticks: ticks)
    }

    /// The pixel position of `value`, clamped to the axis.
    func position(of value: Double) -> Double {
        let fraction: Double
        switch kind {
        case .linear:
            fraction = (value - lower) / (upper - lower)
        case .logarithmic:
            let clamped = max(value, lower)
            fraction = (log10(clamped) - log10(lower)) / (log10(upper) - log10(lower))
        }
        let bounded = min(max(fraction, 0), 1)
        return pixelsAtLower + bounded * (pixelsAtUpper - pixelsAtLower)
    }

    /// Heckbert's nice number: the 1, 2, 5 or 10 times a power of ten closest to `value`
    /// (`round`) or the smallest at least `value` (not `round`).
    static func niceNumber(_ value: Double, round: Bool) -> Double {
        guard value > 0, value.isFinite else { return 1 }
        let exponent = log10(value).rounded(.down)
        let power = pow(10, exponent)
        let fraction = value / power
        let nice: Double
        if round {
            nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
        } else {
            nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        }
        return nice * power
    }

    /// `1,000`, `0.25`, `50`: tick labels with thousands separators.
    static func label(_ value: Double, decimals: Int) -> String {
        if decimals == 0 { return ReportNumber.grouped(value) }
        return String(format: "%.\(decimals)f", value)
    }
}
