import Testing

@Test func placeholder_LiveTests() { #expect(Bool(true)) }
