import EventLog

extension JSONValue {
    /// A member of an object (nil for anything else).
    subscript(key: String) -> JSONValue? { objectValue?[key] }

    /// The elements of an array (empty for anything else).
    var elements: [JSONValue] { arrayValue ?? [] }

    /// The `system|code` of each coding of a CodeableConcept (or of a Coding itself).
    var codings: [(system: String?, code: String)] {
        let list = self["coding"]?.elements ?? (self["code"] != nil ? [self] : [])
        return list.compactMap { coding in coding["code"]?.stringValue.map { (coding["system"]?.stringValue, $0) } }
    }
}
