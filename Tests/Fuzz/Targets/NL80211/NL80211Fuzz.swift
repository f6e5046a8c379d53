import CNL80211
import NL80211

/// What the kernel's nl80211 messages go through in the wifi plugin: the
/// datagram walk, the message and attribute parsers, and the scan, wiphy and
/// interface readers.  The input is used as a whole datagram and, so the
/// fuzzer reaches the readers quickly, as the attributes of a message with
/// valid headers (and of a BSS nested in one).
enum NL80211Fuzz {
    static let target = FuzzTarget(name: "nl80211", summary: "netlink datagrams, nl80211 attributes, BSS/wiphy readers",
                                   run: run)

    static func run(_ bytes: [UInt8]) {
        for entry in NetlinkDatagram.messages(bytes[...]) {
            require(entry.bytes.count >= 16, "a message shorter than its header")
            if let message = NL80211Message(netlinkMessage: entry.bytes) { read(message) }
        }
        let commands = [NL80211_CMD_NEW_WIPHY, NL80211_CMD_NEW_INTERFACE, NL80211_CMD_NEW_SCAN_RESULTS,
                        NL80211_CMD_CONNECT, NL80211_CMD_DISCONNECT, NL80211_CMD_CONTROL_PORT_FRAME]
        for command in commands.map({ UInt8($0.rawValue) }) {
            var header = NetlinkAttributeWriter.littleEndian(UInt32(20 + bytes.count))
            header += [0x1C, 0, 0, 0] + [UInt8](repeating: 0, count: 8) + [command, 1, 0, 0]
            if let message = NL80211Message(netlinkMessage: header + bytes) { read(message) }
        }
        var bss = NetlinkAttributeWriter()
        bss.put(NL80211_ATTR_BSS.rawValue, bytes)
        let scanCommand = UInt8(NL80211_CMD_NEW_SCAN_RESULTS.rawValue)
        if let message = NL80211Message(netlinkMessage: NetlinkAttributeWriter.littleEndian(UInt32(20 + bss.bytes.count))
            + [0x1C, 0, 0, 0] + [UInt8](repeating: 0, count: 8) + [scanCommand, 1, 0, 0] + bss.bytes) {
            read(message)
        }
        roundTrip(NetlinkAttributes(bytes))
    }

    private static func read(_ message: NL80211Message) {
        if let bss = BSS(message) {
            require(bss.bssid.count == 6, "BSSID length")
            require(bss.strength <= 100, "strength above 100")
        }
        if var wiphy = Wiphy(message) {
            wiphy.merge(message)
            require(wiphy.frequencies == wiphy.frequencies.sorted(), "frequencies sorted")
            require(Set(wiphy.frequencies).count == wiphy.frequencies.count, "frequencies unique")
            _ = wiphy.controlPortOverNL80211
        }
        if let interface = WirelessInterface(message) { require(interface.address.count == 6, "MAC length") }
        for (_, payload) in message.attributes.ordered { roundTrip(NetlinkAttributes(payload)) }
    }

    /// Attributes written back as they were read parse to the same list.
    private static func roundTrip(_ attributes: NetlinkAttributes) {
        var writer = NetlinkAttributeWriter()
        for (type, payload) in attributes.ordered { writer.put(UInt32(type), Array(payload)) }
        let again = NetlinkAttributes(writer.bytes)
        require(again.ordered.count == attributes.ordered.count, "attribute count after a round trip")
        for (left, right) in zip(again.ordered, attributes.ordered) {
            require(left.type == right.type && Array(left.payload) == Array(right.payload), "attribute after a round trip")
        }
    }
}
