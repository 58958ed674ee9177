/// Swift counts references atomically: two threads that hold the same string take the
/// counter's cache line from each other at every retain and release. The actor names that
/// every decoded event and every principal lookup hold are made once per read and shared, so
/// each evaluation worker takes copies of its own (``ActorNameCopies``, GapEngine's actor
/// directory). The rules' sets and matchers, copied the same way, measured nothing.
package extension String {
    /// The same text in storage of its own (a string of up to 15 bytes has no storage to share).
    var ownCopy: String { String(decoding: Array(utf8), as: UTF8.self) }
}
