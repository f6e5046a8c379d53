import Logging
import Netlink

/// Takes something out of the kernel: what the host put there, or what a
/// disconnect clears.  Already gone is
/// fine (the kernel drops routes with their address or link); any other
/// failure is logged, and the caller goes on taking out the rest.  Returns
/// whether the thing is gone.
@discardableResult
func removeFromKernel(logger: Logger, label: String? = nil, _ removal: () throws(NetlinkError) -> Void) -> Bool {
    do {
        try removal()
    } catch where !error.isMissing {
        logger.warning("\(label.map { "\($0): " } ?? "")\(error)")
        return false
    } catch {}
    return true
}
