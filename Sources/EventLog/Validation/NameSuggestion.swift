/// "Did you mean …?": the known name closest to a mistyped one, for messages about input that
/// names something (a field, an event type, an actor).
package enum NameSuggestion {
    /// The name among `names` within `maxEdits` edits of `typed` (letter case aside), the
    /// closest and then the first in order; `nil` if none is that close.
    package static func closest(to typed: String, among names: [String], maxEdits: Int = 2) -> String? {
        let lower = typed.lowercased()
        return names.map { (name: $0, distance: editDistance(lower, $0.lowercased())) }
            .filter { $0.distance <= maxEdits }
            .min { ($0.distance, $0.name) < ($1.distance, $1.name) }?.name
    }

    /// Levenshtein distance over Unicode scalars; long texts are never close to a name.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        guard a.count < 200, b.count < 200 else { return Int.max }
        guard !a.isEmpty else { return b.count }
        var row = Array(0...b.count)
        for i in 1...a.count {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return row[b.count]
    }
}
