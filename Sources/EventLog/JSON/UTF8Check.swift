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
