import Glibc

/// A readable/writable watch on one fd through the host loop, with a Swift
/// closure; removed when released.  The owner keeps the fd.
public final class FDWatch {
    private let host: HostAPI
    private var id: sb_source_id = 0
    private let ready: (_ readable: Bool, _ writable: Bool) -> Void

    public init?(host: HostAPI, fd: Int32, writable: Bool, _ ready: @escaping (Bool, Bool) -> Void) {
        self.host = host
        self.ready = ready
        let events = UInt32(SB_FD_READABLE.rawValue) | (writable ? UInt32(SB_FD_WRITABLE.rawValue) : 0)
        let table = host.table.pointee
        id = table.watch_fd?(table.host, fd, events, { _, events, data in
            guard let data else { return }
            let watch = Unmanaged<FDWatch>.fromOpaque(data).takeUnretainedValue()
            watch.ready(events & UInt32(SB_FD_READABLE.rawValue) != 0, events & UInt32(SB_FD_WRITABLE.rawValue) != 0)
        }, Unmanaged.passUnretained(self).toOpaque()) ?? 0
        guard id != 0 else { return nil }
    }

    deinit { host.unwatch(id) }
}
