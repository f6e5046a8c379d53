import Dispatch
import Glibc

/// Turns SIGTERM and SIGINT into one call on the loop, so shutdown runs in
/// order (plugins' exit, bus names released) instead of inside a signal handler.
@MainActor
public final class TerminationSignals {
    private var sources: [DispatchSourceSignal] = []

    public init(onSignal: @escaping @MainActor (_ signal: Int32) -> Void) {
        for signo in [SIGTERM, SIGINT] {
            signal(signo, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signo, queue: .main)
            source.setEventHandler { MainActor.assumeIsolated { onSignal(signo) } }
            source.resume()
            sources.append(source)
        }
    }

    public func cancel() {
        sources.forEach { $0.cancel() }
        sources.removeAll()
    }
}
