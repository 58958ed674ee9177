/// Person identifiers: Swedish personnummer and samordningsnummer, or pseudonyms.
public enum PersonID {
    /// The outcome of reading a `person` field.
    public enum Reading: Equatable, Sendable {
        /// A personnummer/samordningsnummer in canonical form `YYYYMMDD-NNNN`.
        case personnummer(String)
        /// Any other identifier, taken as is.
        case pseudonym(String)
        /// Shaped like a personnummer, but its check digit is wrong.
        case failsLuhn
    }

    /// Classifies and canonicalises a `person` value.
    public static func read(_ raw: String) -> Reading {
        let bytes = Array(raw.utf8)
        let isDigit = { (b: UInt8) in b >= 0x30 && b <= 0x39 }
        let digits: [UInt8]
        if bytes.count == 12, bytes.allSatisfy(isDigit) {
            digits = bytes
        } else if bytes.count == 13, bytes[8] == UInt8(ascii: "-"),
                  bytes[..<8].allSatisfy(isDigit), bytes[9...].allSatisfy(isDigit) {
            digits = Array(bytes[..<8]) + Array(bytes[9...])
        } else {
            return .pseudonym(raw)
        }
        guard luhnValid(digits[2...]) else { return .failsLuhn }
        return .personnummer(String(decoding: digits[..<8], as: UTF8.self) + "-" + String(decoding: digits[8...], as: UTF8.self))
    }

    /// The Luhn check over ten digits (YYMMDDNNNC).
    static func luhnValid(_ digits: ArraySlice<UInt8>) -> Bool {
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
    public static func masked(_ canonical: String) -> String {
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
    /// right: for logs and mail, where a leak costs more than an over-masked number.
    public static func maskingIdentifiers(in text: String) -> String {
        let bytes = Array(text.utf8)
        guard bytes.count >= 12 else { return text }
        let isDigit = { (i: Int) in i >= 0 && i < bytes.count && bytes[i] >= 0x30 && bytes[i] <= 0x39 }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if !isDigit(i - 1), (0..<8).allSatisfy({ isDigit(i + $0) }) {
                let dashed = i + 8 < bytes.count && bytes[i + 8] == UInt8(ascii: "-")
                let tail = dashed ? i + 9 : i + 8
                if (0..<4).allSatisfy({ isDigit(tail + $0) }), !isDigit(tail + 4) {
                    out += bytes[i..<(i + 8)]
                    out += Array("-****".utf8)
                    i = tail + 4
                    continue
                }
            }
            out.append(bytes[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
