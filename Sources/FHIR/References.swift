/// FHIR references as the keys an index finds them by: `Type/id` (relative, or an absolute URL
/// ending in it, a `_history` version dropped), a `urn:uuid:` full URL, and
/// `Type?identifier=SYSTEM|VALUE`.
enum ReferenceKey {
    /// The key of a reference, or nil when it is none of the forms.
    static func of(_ reference: String) -> String? {
        if reference.hasPrefix("urn:uuid:") || reference.hasPrefix("urn:oid:") { return reference }
        if let query = reference.firstIndex(of: "?") {
            let type = reference[..<query].split(separator: "/").last.map(String.init) ?? ""
            let parameters = reference[reference.index(after: query)...]
            guard parameters.hasPrefix("identifier="), !type.isEmpty else { return nil }
            return identifier(type: type, parameters.dropFirst("identifier=".count).removingPercentEncodingIfAny)
        }
        var parts = reference.split(separator: "/").map(String.init)
        if parts.count >= 4, parts[parts.count - 2] == "_history" { parts.removeLast(2) }
        guard parts.count >= 2, let first = parts[parts.count - 2].first, first.isUppercase else { return nil }
        return parts[parts.count - 2] + "/" + parts[parts.count - 1]
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
