/// FHIR references as the keys an index finds them by: `Type/id` (relative, or an absolute URL
/// ending in it, a `_history` version dropped), a `urn:uuid:` full URL, and
/// `Type?identifier=SYSTEM|VALUE`.
enum ReferenceKey {
    /// The key of a reference, or nil when it is none of the forms.
    static func of(_ reference: String) -> String? {
        if reference.hasPrefix("urn:uuid:") || reference.hasPrefix("urn:oid:") { return reference }
        let bytes = Array(reference.utf8)
        if let query = bytes.firstIndex(of: UInt8(ascii: "?")) {
            let slash = bytes[..<query].lastIndex(of: UInt8(ascii: "/")).map { $0 + 1 } ?? 0
            let type = String(decoding: bytes[slash..<query], as: UTF8.self)
            let parameters = String(decoding: bytes[(query + 1)...], as: UTF8.self)
            guard parameters.hasPrefix("identifier="), !type.isEmpty else { return nil }
            return identifier(type: type, Substring(parameters.dropFirst("identifier=".count)).removingPercentEncodingIfAny)
        }
        // `…/Type/id`, or `…/Type/id/_history/N`: the last two segments that are not the history's.
        var end = bytes.count
        var segments: [Range<Int>] = []
        var index = end
        while index > 0, segments.count < 4 {
            index -= 1
            if bytes[index] == UInt8(ascii: "/") {
                segments.append((index + 1)..<end)
                end = index
            }
        }
        if segments.count < 4 { segments.append(0..<end) }
        if segments.count >= 4, bytes[segments[1]].elementsEqual("_history".utf8) { segments.removeFirst(2) }
        guard segments.count >= 2, !segments[0].isEmpty, let first = bytes[segments[1]].first, first >= UInt8(ascii: "A"), first <= UInt8(ascii: "Z") else { return nil }
        return String(decoding: bytes[segments[1].lowerBound..<segments[0].upperBound], as: UTF8.self)
    }

    /// `Type?identifier=SYSTEM|VALUE`.
    static func identifier(type: String, _ systemAndValue: String) -> String { "\(type)?identifier=\(systemAndValue)" }

    /// Every key a resource is found by.
    static func keys(of located: LocatedResource) -> [String] {
        var keys: [String] = []
        if let id = located.id { keys.append("\(located.type)/\(id)") }
        if let fullUrl = located.fullUrl { keys.append(ReferenceKey.of(fullUrl) ?? fullUrl) }
        for (system, value) in IdentifierSystem.identifiers(of: located.resource) { keys.append(identifier(type: located.type, "\(system)|\(value)")) }
        return keys
    }
}

extension Substring {
    /// The text with `%XX` escapes decoded (a conditional reference may be URL-encoded).
    var removingPercentEncodingIfAny: String { String(self).removingPercentEncoding ?? String(self) }
}
