import Foundation

/// The encoder and decoder for every JSON file the bench writes. Keys are already
/// snake_case (each type spells them out), so no key strategy is set; output is pretty
/// and sorted so two runs diff cleanly.
enum BenchJSON {
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }

    /// `value` as pretty, sorted JSON with a final newline.
    static func encode<T: Encodable>(_ value: T) throws -> Data {
        var data = try encoder().encode(value)
        data.append(10)
        return data
    }

    /// Reads a `results.json` written by `ResultsWriter`.
    static func decodeRun(from data: Data) throws -> BenchRun {
        try decoder().decode(BenchRun.self, from: data)
    }
}
