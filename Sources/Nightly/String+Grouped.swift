extension String {
    /// The text in groups of `size` characters joined by `separator` (`6e0e-2389`): long runs
    /// of digits (a hash, a reference) read more easily, and never look like a personnummer,
    /// which mail and logs mask.
    func grouped(by size: Int, separator: String) -> String {
        stride(from: 0, to: count, by: size).map { String(dropFirst($0).prefix(size)) }.joined(separator: separator)
    }
}
