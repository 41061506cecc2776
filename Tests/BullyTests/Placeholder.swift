import Testing

@Test func placeholder_BullyTests() { #expect(Bool(true)) }
