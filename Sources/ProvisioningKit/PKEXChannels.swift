/// Where a shared-code (PKEX) enrollee looks for its configurator: on the
/// channels of the networks the device has seen, strongest first (a
/// configurator connected to one of them listens there), then on the
/// default channels Wi-Fi Easy Connect names for PKEX, in the order
/// wpa_supplicant tries them: 2.4 GHz channel 6, 5 GHz channels 149 and 44.
/// A default channel is tried only where the radio may start a
/// transmission (an enrollee's exchange request is the first frame on the
/// air); with no such list from the bearer, channel 6 alone, which no
/// regulatory domain closes.
public enum PKEXChannels {
    public static let defaults: [UInt32] = [AirLink.defaultFrequency, 5745, 5220]

    public static func searchOrder(seen: [UInt32], transmit: [UInt32]) -> [UInt32] {
        let defaults = transmit.isEmpty ? [AirLink.defaultFrequency] : Self.defaults.filter(transmit.contains)
        var order: [UInt32] = []
        for frequency in seen + defaults where !order.contains(frequency) { order.append(frequency) }
        return order
    }
}
