/// Person identifiers: Swedish personnummer and samordningsnummer, or pseudonyms.
package enum PersonID {
    /// The outcome of reading a `person` field.
    package enum Reading: Equatable, Sendable {
        /// A personnummer/samordningsnummer in canonical form `YYYYMMDD-NNNN`.
        case personnummer(String)
        /// Any other identifier, taken as is.
        case pseudonym(String)
        /// Shaped like a personnummer, but its check digit is wrong.
        case failsLuhn
        /// A personnummer in a short form without its century (`YYMMDDNNNN`, `YYMMDD-NNNN`,
        /// `YYMMDD+NNNN`): refused, since its century is a guess, and the contract would
        /// otherwise keep it as a pseudonym, unmasked.
        case withoutCentury
    }

    /// Classifies and canonicalises a `person` value.
    package static func read(_ raw: String) -> Reading {
        let bytes = raw.utf8
        func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        switch bytes.count {
        case 13:
            // Already canonical, `YYYYMMDD-NNNN`, as most are: read in place, returned as given.
            let dash = bytes.index(bytes.startIndex, offsetBy: 8)
            guard bytes[dash] == UInt8(ascii: "-"), bytes[..<dash].allSatisfy(isDigit),
                  bytes[bytes.index(after: dash)...].allSatisfy(isDigit)
            else { return .pseudonym(raw) }
            return luhnValid(bytes.lazy.filter(isDigit).dropFirst(2)) ? .personnummer(raw) : .failsLuhn
        case 12 where bytes.allSatisfy(isDigit):
            guard luhnValid(bytes.dropFirst(2)) else { return .failsLuhn }
            let digits = Array(bytes)
            return .personnummer(String(decoding: digits[..<8], as: UTF8.self) + "-" + String(decoding: digits[8...], as: UTF8.self))
        case 10 where bytes.allSatisfy(isDigit):
            return shortForm(Array(bytes))
        case 11:
            let digits = Array(bytes)
            guard digits[6] == UInt8(ascii: "-") || digits[6] == UInt8(ascii: "+"),
                  digits[..<6].allSatisfy(isDigit), digits[7...].allSatisfy(isDigit)
            else { return .pseudonym(raw) }
            return shortForm(Array(digits[..<6] + digits[7...]))
        default:
            return .pseudonym(raw)
        }

        /// Ten digits whose first six are a date (a samordningsnummer's day + 60): a personnummer
        /// without its century; any other ten digits are a pseudonym.
        func shortForm(_ digits: [UInt8]) -> Reading {
            let month = Int(digits[2] - 0x30) * 10 + Int(digits[3] - 0x30)
            let day = Int(digits[4] - 0x30) * 10 + Int(digits[5] - 0x30)
            guard (1...12).contains(month), (1...31).contains(day) || (61...91).contains(day) else { return .pseudonym(raw) }
            return luhnValid(digits) ? .withoutCentury : .failsLuhn
        }
    }

    /// The Luhn check over ten digits (YYMMDDNNNC).
    static func luhnValid(_ digits: some Sequence<UInt8>) -> Bool {
        var sum = 0
        for (i, byte) in digits.enumerated() {
            var d = Int(byte - 0x30)
            if i % 2 == 0 {
                d *= 2
                if d > 9 { d -= 9 }
            }
            sum += d
        }
        return sum % 10 == 0
    }

    /// A person id safe for e-mail, logs and terminals: a personnummer keeps its date of birth
    /// and hides its last four digits (`19400101-****`); pseudonyms are shown as they are.
    package static func masked(_ canonical: String) -> String {
        let bytes = Array(canonical.utf8)
        guard bytes.count == 13, bytes[8] == UInt8(ascii: "-"), case .personnummer = read(canonical) else {
            return canonical
        }
        return String(decoding: bytes[..<9], as: UTF8.self) + "****"
    }
}

extension PersonID {
    /// `text` with every run shaped like a personnummer (`YYYYMMDD-NNNN` or 12 digits, not
    /// part of a longer number) masked as `YYYYMMDD-****`, whether or not its check digit is
    /// right, and every short form (`YYMMDD-NNNN`, `YYMMDD+NNNN`, 10 digits) as `YYMMDD-****`:
    /// for logs and mail, where a leak costs more than an over-masked number.
    package static func maskingIdentifiers(in text: String) -> String {
        let bytes = Array(text.utf8)
        guard bytes.count >= 10 else { return text }
        let isDigit = { (i: Int) in i >= 0 && i < bytes.count && bytes[i] >= 0x30 && bytes[i] <= 0x39 }
        /// Where a run shaped like a personnummer that starts at `i` ends: `date` digits, maybe
        /// one of `separators`, four digits, and no digit on either side.
        func shapedRun(at i: Int, date: Int, separators: [UInt8]) -> Int? {
            guard !isDigit(i - 1), (0..<date).allSatisfy({ isDigit(i + $0) }) else { return nil }
            let tail = i + date < bytes.count && separators.contains(bytes[i + date]) ? i + date + 1 : i + date
            return (0..<4).allSatisfy({ isDigit(tail + $0) }) && !isDigit(tail + 4) ? tail + 4 : nil
        }
        let forms: [(date: Int, separators: [UInt8])] = [(8, [UInt8(ascii: "-")]), (6, [UInt8(ascii: "-"), UInt8(ascii: "+")])]
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        scanning: while i < bytes.count {
            for form in forms {
                if let end = shapedRun(at: i, date: form.date, separators: form.separators) {
                    out += bytes[i..<(i + form.date)]
                    out += Array("-****".utf8)
                    i = end
                    continue scanning
                }
            }
            out.append(bytes[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
