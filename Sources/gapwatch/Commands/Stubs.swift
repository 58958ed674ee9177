import ArgumentParser
extension Gapwatch {
 struct Generate: ParsableCommand { func run() {} }
 struct Demo: ParsableCommand { func run() {} }
}
