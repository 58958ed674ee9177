import Nightly
import Testing
@testable import Nightly

/// References are the shortest unambiguous start of an id, eight digits at least, grouped so
/// that no reference looks like a personnummer.
@Suite struct FindingReferenceTests {
    @Test func aReferenceIsTheShortestStartNoNeighbourShares() {
        let id = "6e0e2389267a345f4370"
        #expect(FindingReference.reference(of: id, neighbours: []) == "6e0e-2389")
        #expect(FindingReference.reference(of: id, neighbours: ["6e0e2388ffffffffffff"]) == "6e0e-2389")
        #expect(FindingReference.reference(of: id, neighbours: ["6e0e2389267a0000aaaa", "6e0e23892700aaaaaaaa"]) == "6e0e-2389-267a-3")
        #expect(FindingReference.reference(of: "12345678901234567890", neighbours: ["12345678901111111111"]) == "1234-5678-9012")
    }

    @Test func aTypedReferenceIsTheStartOfAnId() {
        #expect(FindingReference.idPrefix("6E0E-2389") == "6e0e2389")
        #expect(FindingReference.idPrefix("6e0e2389267a345f4370") == "6e0e2389267a345f4370")
        #expect(FindingReference.idPrefix("6e0") == nil)
        #expect(FindingReference.idPrefix("19400101-****") == nil)
        #expect(FindingReference.idPrefix("xyz1-2345") == nil)
    }
}
