/// One thread's own copies of a read's actor names (see ``Swift/String/ownCopy``).
///
/// Every decoded event holds its actor's name, and a name longer than 15 bytes is a
/// reference-counted string: decoded from the read's one shared list, the events of two
/// threads count references on the same few strings, and the cores take the counters' cache
/// lines from each other at every event. Copied once per thread, each thread counts on its own.
package struct ActorNameCopies {
    /// The list copied, kept so that its storage (and address) stays the same while it is compared.
    private var source: [String?] = []
    private var copies: [String?] = []

    package init() {}

    /// Copies of `names`, made on the first call and again whenever `names` is another list.
    mutating func copies(of names: [String?]) -> [String?] {
        if !Self.sameStorage(names, source) {
            source = names
            copies = names.map { $0?.ownCopy }
        }
        return copies
    }

    private static func sameStorage(_ a: [String?], _ b: [String?]) -> Bool {
        a.count == b.count && a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in a.baseAddress == b.baseAddress } }
    }
}
