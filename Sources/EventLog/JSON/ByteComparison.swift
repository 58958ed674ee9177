import Foundation

extension UnsafeBufferPointer<UInt8> {
    /// Whether both hold the same bytes (`memcmp`: the generic `elementsEqual` goes byte by
    /// byte through the collection protocols).
    func hasSameBytes(as other: UnsafeBufferPointer<UInt8>) -> Bool {
        count == other.count && (count == 0 || memcmp(baseAddress!, other.baseAddress!, count) == 0)
    }
}

extension Array<UInt8> {
    /// Whether the array holds exactly these bytes.
    func hasSameBytes(as other: UnsafeBufferPointer<UInt8>) -> Bool {
        count == other.count && withUnsafeBufferPointer { $0.hasSameBytes(as: other) }
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// Whether the bytes are UTF-8. Plain ASCII, as most event lines are, is settled by one
    /// pass over the bytes; anything else by the standard library, which makes a string to
    /// tell.
    var isValidUTF8: Bool {
        var high: UInt8 = 0
        for byte in self { high |= byte }
        return high < 0x80 || String(validating: self, as: UTF8.self) != nil
    }
}
