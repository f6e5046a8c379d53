/// A one-shot host timer with a Swift closure, re-armable; cancelled when
/// released.  Runs on the host loop like every plugin callback.
public final class HostTimer {
    private let host: HostAPI
    private var id: sb_source_id = 0
    private let fire: () -> Void

    public init(host: HostAPI, _ fire: @escaping () -> Void) {
        self.host = host
        self.fire = fire
    }

    deinit { cancel() }

    public var isArmed: Bool { id != 0 }

    /// (Re)starts the timer.
    public func arm(milliseconds: UInt64) {
        cancel()
        id = host.addTimer(milliseconds: milliseconds, { data in
            guard let data else { return }
            let timer = Unmanaged<HostTimer>.fromOpaque(data).takeUnretainedValue()
            timer.id = 0
            timer.fire()
        }, Unmanaged.passUnretained(self).toOpaque())
    }

    public func cancel() {
        host.removeTimer(id)
        id = 0
    }
}

extension Duration {
    /// Whole milliseconds, at least 1.
    public var milliseconds: UInt64 {
        let (seconds, attoseconds) = components
        return UInt64(max(1, seconds * 1000 + attoseconds / 1_000_000_000_000_000))
    }
}
