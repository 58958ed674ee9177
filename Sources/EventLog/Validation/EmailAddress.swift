/// One e-mail address as RFC 5322's `addr-spec` in its dot-atom form (`local@domain`), the only
/// form gapwatch accepts: no display name, no comments, no quoted local part, no list, no
/// white space or control character. An address that passes cannot carry a second header or a
/// second recipient into a message.
package enum EmailAddress {
    /// Whether `text` is exactly one address (at most 254 bytes, RFC 5321's limit).
    package static func isValid(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count <= 254, let at = bytes.lastIndex(of: UInt8(ascii: "@")) else { return false }
        let local = bytes[..<at], domain = bytes[(at + 1)...]
        return local.count <= 64 && isDotAtom(local, allowed: isAtext) && isDotAtom(domain, allowed: isDomainByte)
    }

    /// Non-empty atoms of allowed bytes separated by single dots.
    private static func isDotAtom(_ bytes: ArraySlice<UInt8>, allowed: (UInt8) -> Bool) -> Bool {
        var atom = 0
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard atom > 0 else { return false }
                atom = 0
            } else {
                guard allowed(byte) else { return false }
                atom += 1
            }
        }
        return atom > 0
    }

    /// RFC 5322 `atext`: letters, digits and ``!#$%&'*+-/=?^_`{|}~``.
    private static func isAtext(_ byte: UInt8) -> Bool {
        isDomainByte(byte) || Array("!#$%&'*+/=?^_`{|}~".utf8).contains(byte)
    }

    /// A host name's bytes: letters, digits and hyphens (internationalised names in their
    /// `xn--` form).
    private static func isDomainByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == UInt8(ascii: "-")
    }
}
