import Glibc
import PluginABI

/// The ABI 1.6 call: where a bearer's radio may start transmissions.
extension HostAPI {
    /// Reports the channels (MHz) on which `device` may start a transmission
    /// under the regulatory domain in force; -ENOSYS against an older host.
    @discardableResult
    public func setTransmitFrequencies(_ device: sb_device_id, _ frequencies: [UInt32]) -> Int32 {
        guard has(\.device_set_transmit_frequencies), let set = table.pointee.device_set_transmit_frequencies else {
            return -ENOSYS
        }
        return frequencies.withUnsafeBufferPointer { set(table.pointee.host, device, $0.baseAddress, $0.count) }
    }
}
