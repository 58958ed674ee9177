#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Parallel {
    /// A thread the system would not make (out of memory, or a limit on processes).
    package struct CannotStartThread: Error, CustomStringConvertible {
        package let code: Int32
        package var description: String {
            "cannot start a thread (\(String(cString: strerror(code)))): the machine is out of memory or at a process limit"
        }
    }

    /// Runs `body` on a new thread. Throws when the system cannot make one, where Dispatch
    /// would wait for a thread forever and Foundation's `Thread` would not say: under memory
    /// exhaustion a command must fail, and roll back, rather than hang.
    static func startThread(_ body: @escaping @Sendable () -> Void) throws(CannotStartThread) {
        final class Body {
            let run: @Sendable () -> Void
            init(_ run: @escaping @Sendable () -> Void) { self.run = run }
        }
        let context = Unmanaged.passRetained(Body(body)).toOpaque()
        var thread = pthread_t()
        let code = pthread_create(&thread, nil, { context in
            Unmanaged<Body>.fromOpaque(context!).takeRetainedValue().run()
            return nil
        }, context)
        guard code == 0 else {
            Unmanaged<Body>.fromOpaque(context).release()
            throw CannotStartThread(code: code)
        }
        pthread_detach(thread)
    }
}
