import EasyConnect

/// `uri`: the `DPP:` bootstrapping URI parser and the key decoding under it.
/// A URI that parses must be printable ASCII ending in `;;`, carry a key on
/// its curve (re-decoded from every encoding), hashes over its DER as given,
/// fields the generating initialiser accepts too, and must survive a
/// generate/parse round trip.  Because the fuzzer rarely gets a mutated key
/// through base64, every input is also decoded directly as a DER
/// SubjectPublicKeyInfo and as a SEC1 point of each curve (off-curve points,
/// the point at infinity, coordinates above the prime).
enum URIFuzz {
    static let target = FuzzTarget(name: "uri", summary: "DPP: URI parser, DER and SEC1 key decoding, round trips",
                                   run: run)

    static func run(_ bytes: [UInt8]) {
        if let uri = try? BootstrappingURI(parsing: String(decoding: bytes, as: UTF8.self)) {
            checkParsed(uri, text: bytes)
        }
        if let point = try? SubjectPublicKeyInfo.decode(bytes) {
            checkPoint(point)
            require((try? SubjectPublicKeyInfo.decode(SubjectPublicKeyInfo.encode(point))) == point,
                    "DER round trip")
        }
        for curve in Curve.allCases {
            if let point = try? ECPoint(curve: curve, sec1: bytes) { checkPoint(point) }
            if let point = try? ECPoint(curve: curve, xy: bytes) { checkPoint(point) }
        }
    }

    private static func checkParsed(_ uri: BootstrappingURI, text: [UInt8]) {
        require(text.allSatisfy { (0x20...0x7e).contains($0) }, "an accepted URI is printable ASCII")
        require(text.starts(with: Array("DPP:".utf8)) && text.suffix(2) == [0x3b, 0x3b], "DPP: ... ;;")
        require((try? SubjectPublicKeyInfo.decode(uri.publicKeyInfo)) == uri.publicKey, "K: is the DER as given")
        checkPoint(uri.publicKey)
        require((try? BootstrappingKeyHash.keyHash(der: uri.publicKeyInfo)) == uri.keyHash, "key hash over the DER")
        require((try? BootstrappingKeyHash.chirpHash(der: uri.publicKeyInfo)) == uri.chirpHash, "chirp hash")
        require(uri.macAddress.map { !$0.isMulticast } ?? true, "M: is unicast")
        require(uri.version != 0, "V: is not 0")
        require(uri.channels.allSatisfy { $0.operatingClass > 0 && $0.number > 0 }, "C: entries are 1...255")

        let regenerated = uri.uri
        let reparsed = try? BootstrappingURI(parsing: regenerated)
        require(reparsed == uri, "URI generate/parse round trip")
        require(reparsed?.uri == regenerated, "URI generation is stable")
        // The generating initialiser applies the same field rules.
        let rebuilt = try? BootstrappingURI(publicKey: uri.publicKey, channels: uri.channels,
                                            macAddress: uri.macAddress, version: uri.version, host: uri.host,
                                            information: uri.information)
        require(rebuilt != nil, "the fields of a parsed URI are accepted when generating one")
    }

    /// A point on its curve that is not the point at infinity: it re-decodes
    /// from each of its encodings (each decoding checks the curve equation),
    /// and adding its negation gives infinity, which is refused.
    private static func checkPoint(_ point: ECPoint) {
        let curve = point.curve
        for compressed in [true, false] {
            let sec1 = try? point.encoded(compressed: compressed)
            require(sec1.flatMap { try? ECPoint(curve: curve, sec1: $0) } == point, "SEC1 re-decoding")
        }
        require((try? point.xy).flatMap { try? ECPoint(curve: curve, xy: $0) } == point, "X‖Y re-decoding")
        guard let negated = try? point.negated() else {
            require(false, "a valid point has a negation")
            return
        }
        require(negated != point, "no point of order 2 on a prime-order curve")
        do {
            _ = try point.adding(negated)
            require(false, "P + (-P) gave a point")
        } catch {
            require(error as? EasyConnectError == .pointAtInfinity, "P + (-P) is refused as the point at infinity")
        }
    }
}
