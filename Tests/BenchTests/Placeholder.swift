import Testing

@Test func placeholder_BenchTests() { #expect(Bool(true)) }
