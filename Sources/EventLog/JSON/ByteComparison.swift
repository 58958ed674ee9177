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
