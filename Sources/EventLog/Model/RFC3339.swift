/// Parsing and formatting of RFC 3339 timestamps, as the event contract uses them.
package enum RFC3339 {
    /// Why a text is not an acceptable timestamp.
    package enum Problem: Error, Equatable, Sendable {
        /// Not of the form `YYYY-MM-DDTHH:MM:SS[.fff]±hh:mm` (or `Z`).
        case malformed
        /// Well formed, but no such day or time (e.g. February 30th, hour 24).
        case noSuchDate
        /// A date or time without the offset from UTC.
        case missingOffset
    }

    /// Parses a timestamp with offset; seconds required, fraction optional.
    package static func parse(_ text: String) throws(Problem) -> Instant {
        var text = text
        return try text.withUTF8 { utf8 in Result { () throws(Problem) in try parse(utf8: utf8) } }.get()
    }

    /// The same from UTF-8 bytes, read in place.
    static func parse(utf8 b: UnsafeBufferPointer<UInt8>) throws(Problem) -> Instant {
        func digits(_ from: Int, _ count: Int) throws(Problem) -> Int64 {
            guard from + count <= b.count else { throw .malformed }
            var value: Int64 = 0
            for i in from..<(from + count) {
                let d = b[i]
                guard d >= 0x30, d <= 0x39 else { throw .malformed }
                value = value * 10 + Int64(d - 0x30)
            }
            return value
        }
        func expect(_ i: Int, _ chars: String) throws(Problem) {
            guard i < b.count, chars.utf8.contains(b[i]) else { throw .malformed }
        }
        guard b.count >= 19 else { throw .malformed }
        let year = try digits(0, 4)
        try expect(4, "-")
        let month = try digits(5, 2)
        try expect(7, "-")
        let day = try digits(8, 2)
        try expect(10, "Tt")
        let hour = try digits(11, 2)
        try expect(13, ":")
        let minute = try digits(14, 2)
        try expect(16, ":")
        let second = try digits(17, 2)
        var i = 19
        var micros: Int64 = 0
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            let start = i
            var scale: Int64 = 100_000
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 {
                micros += Int64(b[i] - 0x30) * scale
                scale /= 10
                i += 1
            }
            guard i > start else { throw .malformed }
        }
        guard i < b.count else { throw .missingOffset }
        var offsetSeconds: Int64 = 0
        switch b[i] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            i += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign: Int64 = b[i] == UInt8(ascii: "-") ? -1 : 1
            let oh = try digits(i + 1, 2)
            try expect(i + 3, ":")
            let om = try digits(i + 4, 2)
            guard oh <= 23, om <= 59 else { throw .noSuchDate }
            offsetSeconds = sign * (oh * 3600 + om * 60)
            i += 6
        default:
            throw .malformed
        }
        guard i == b.count else { throw .malformed }
        guard (1...12).contains(month), day >= 1, day <= CivilCalendar.daysInMonth(year: year, month: month),
              hour <= 23, minute <= 59, second <= 59
        else { throw .noSuchDate }
        let days = CivilCalendar.days(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return Instant(microseconds: seconds * 1_000_000 + micros)
    }

    /// Parses a calendar date `YYYY-MM-DD` into its year, month and day.
    package static func parseDate(_ text: String) -> (year: Int, month: Int, day: Int)? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), d >= 1, d <= CivilCalendar.daysInMonth(year: Int64(y), month: Int64(m))
        else { return nil }
        return (y, m, d)
    }

    /// UTC text `YYYY-MM-DDTHH:MM:SS[.ffffff]Z`; with `fraction`, non-zero fractions are kept
    /// with trailing zeros removed.
    package static func format(_ instant: Instant, fraction: Bool) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(32)
        write(instant, fraction: fraction, to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    /// Appends ``format(_:fraction:)``'s text, as UTF-8, to `out`: findings print several per line.
    package static func write(_ instant: Instant, fraction: Bool, to out: inout [UInt8]) {
        let us = instant.microseconds
        var seconds = us / 1_000_000
        var micros = us % 1_000_000
        if micros < 0 { micros += 1_000_000; seconds -= 1 }
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 { secondOfDay += 86_400; days -= 1 }
        let (y, m, d) = CivilCalendar.date(days: days)
        func digits(_ value: Int64, _ width: Int) {
            var divisor: Int64 = 1
            for _ in 1..<width { divisor *= 10 }
            while divisor > 0 {
                out.append(UInt8(truncatingIfNeeded: value / divisor % 10) + UInt8(ascii: "0"))
                divisor /= 10
            }
        }
        if (0...9999).contains(y) { digits(y, 4) } else { out.append(contentsOf: String(y).utf8) }
        func part(_ separator: Unicode.Scalar, _ value: Int64) {
            out.append(UInt8(ascii: separator))
            digits(value, 2)
        }
        part("-", m)
        part("-", d)
        part("T", secondOfDay / 3600)
        part(":", secondOfDay / 60 % 60)
        part(":", secondOfDay % 60)
        if fraction, micros != 0 {
            var width = 6
            while micros % 10 == 0 {
                micros /= 10
                width -= 1
            }
            out.append(UInt8(ascii: "."))
            digits(micros, width)
        }
        out.append(UInt8(ascii: "Z"))
    }
}
