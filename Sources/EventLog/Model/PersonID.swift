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
