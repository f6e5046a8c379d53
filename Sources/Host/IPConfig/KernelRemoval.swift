import Logging
import Netlink

/// Takes out of the kernel something the host put there.  Already gone is
/// fine (the kernel drops routes with their address or link); any other
/// failure is logged, and the caller goes on taking out the rest.
func removeFromKernel(logger: Logger, label: String? = nil, _ removal: () throws(NetlinkError) -> Void) {
    do {
        try removal()
    } catch where !error.isMissing {
        logger.warning("\(label.map { "\($0): " } ?? "")\(error)")
    } catch {}
}
