import WPA

/// The WPA parsers on the raw input: each refuses with an error or returns a
/// value that serializes back to the octets it read (the IE iterator: to
/// its complete elements), and reparses to itself.
enum WireChecks {
    static let kek = [UInt8](repeating: 0x4B, count: 16)

    static func check(_ bytes: [UInt8]) {
        if let packet = try? EAPOLPacket(parsing: bytes) {
            require(packet.bytes == Array(bytes.prefix(EAPOLPacket.headerLength + packet.body.count)),
                    "EAPOL packet round trip")
        }
        for micLength in [16, 24] {
            if let frame = try? EAPOLKeyFrame(parsing: bytes, micLength: micLength) {
                require(frame.bytes == Array(bytes.prefix(frame.bytes.count)), "EAPOL-Key round trip")
                require((try? EAPOLKeyFrame(parsing: frame.bytes, micLength: micLength)) == frame, "EAPOL-Key reparse")
            }
        }
        if let items = try? KeyData.parse(bytes) {
            require((try? KeyData.parse(KeyData.serialize(items))) == items, "Key Data round trip")
        }
        // As a whole element, and as the body of one (to reach the fields).
        for element in [bytes, [InformationElement.rsn, UInt8(min(bytes.count, 255))] + bytes.prefix(255)] {
            if let rsne = try? RSNElement(parsing: element) {
                require((try? RSNElement(parsing: rsne.bytes)) == rsne, "RSNE round trip")
                require(rsne.agreesForHandshake(with: rsne), "an RSNE agrees with itself")
            }
        }
        checkElements(bytes)
        if let plaintext = try? AESKeyWrap.unwrap(bytes, kek: kek) {
            require((try? AESKeyWrap.wrap(plaintext, kek: kek)) == bytes, "key wrap round trip")
        }
    }

    private static func checkElements(_ bytes: [UInt8]) {
        let elements = InformationElements(bytes)
        let rebuilt = elements.flatMap(\.bytes)
        require(rebuilt == Array(bytes.prefix(rebuilt.count)), "elements are the blob's prefix")
        require(elements.isWellFormed == (rebuilt.count == bytes.count), "well-formed exactly when nothing is left")
        require((elements.ssid?.count ?? 0) <= 32, "an SSID has at most 32 octets")
        _ = (elements.rsn, elements.supportedRates, elements.dsChannel)
    }
}
