@testable import FHIR
import Testing

/// The keys references are resolved by.
@Suite struct ReferenceKeyTests {
    @Test(arguments: [
        ("Patient/p1", "Patient/p1"),
        ("https://fhir.example.se/fhir/Patient/p1", "Patient/p1"),
        ("https://fhir.example.se/fhir/Organization/ward/_history/3", "Organization/ward"),
        ("Organization/ward/_history/3", "Organization/ward"),
        ("urn:uuid:6f1c0a52-1d4e-4b57-9d1a-000000000001", "urn:uuid:6f1c0a52-1d4e-4b57-9d1a-000000000001"),
        ("Organization?identifier=urn:oid:1.2.752.29.4.19|SE-1", "Organization?identifier=urn:oid:1.2.752.29.4.19|SE-1"),
        ("https://x.se/fhir/Patient?identifier=a%7Cb", "Patient?identifier=a|b"),
    ])
    func aReferenceHasItsKey(_ reference: String, _ key: String) {
        #expect(ReferenceKey.of(reference) == key)
    }

    @Test(arguments: ["p1", "patient/p1", "Patient?name=x", "", "/"]) func anythingElseHasNone(_ reference: String) {
        #expect(ReferenceKey.of(reference) == nil)
    }
}
