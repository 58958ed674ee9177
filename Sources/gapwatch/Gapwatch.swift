import ArgumentParser
import Logging
@main struct G: ParsableCommand { func run() {} }
