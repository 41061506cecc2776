import Testing

@Test func placeholder_RaftTests() { #expect(Bool(true)) }
