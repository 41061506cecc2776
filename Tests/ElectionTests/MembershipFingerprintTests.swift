import Testing
@testable import Election

/// `Membership.fingerprint` is a contract: saved state and (later) the wire carry it, so
/// its value for a given list must never change between runs, machines or versions.
@Suite struct MembershipFingerprintTests {
    @Test func fnv1a64MatchesThePublishedTestVectors() {
        #expect(Membership.fnv1a64([]) == 0xcbf2_9ce4_8422_2325)
        #expect(Membership.fnv1a64(Array("a".utf8)) == 0xaf63_dc4c_8601_ec8c)
        #expect(Membership.fnv1a64(Array("foobar".utf8)) == 0x8594_4171_f739_67e8)
    }

    @Test func workshopClusterHasAFixedSixteenDigitFingerprint() throws {
        let membership = try Membership.parse("1:8001,2:8002,3:8003")
        #expect(membership.canonicalText == "1:127.0.0.1:8001,2:127.0.0.1:8002,3:127.0.0.1:8003")
        #expect(membership.fingerprint == "f5ad6c65cbad70c4")
    }

    @Test func orderAndLoopbackSpellingDoNotMatterButEveryFieldDoes() throws {
        let workshop = try Membership.parse("1:8001,2:8002,3:8003").fingerprint
        #expect(try Membership.parse("3:8003,1:127.0.0.1:8001,2:8002").fingerprint == workshop)
        for other in ["1:8001,2:8002", "1:8001,2:8002,4:8003", "1:8001,2:8002,3:8004",
                      "1:8001,2:8002,3:localhost:8003", "1:8001,2:8002,3:8003,4:8004"] {
            #expect(try Membership.parse(other).fingerprint != workshop, "\(other)")
        }
    }

    @Test func fingerprintIsAlwaysSixteenLowercaseHexDigits() throws {
        for text in ["1:1", "7:10.0.0.1:65535", "1:8001,2:8002,3:8003"] {
            let fingerprint = try Membership.parse(text).fingerprint
            #expect(fingerprint.count == 16)
            #expect(fingerprint.allSatisfy { "0123456789abcdef".contains($0) })
        }
    }
}
