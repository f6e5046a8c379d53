import EasyConnect

/// The few values of shared/vectors/dpp-pkex-vectors.json the session
/// fixtures need, written in so the fuzz binary reads no file: the responder
/// of Appendix B.1 (its Authentication Request seeds `dpp-session`) and the
/// PKEX parameters of Appendix D (its Exchange Requests seed `pkex-session`).
/// `make_easyconnect_corpus.py` builds the seeds from the same vectors.
enum FuzzVectors {
    /// B.1 `r_boot_priv` (B.2 uses the same responder key).
    static let responderBootstrapKey = key("54ce181a98525f217216f59b245f60e9df30ac7f6b26c939418cfc3c42d1afa0")
    /// B.1 `i_boot_priv`: the initiator a mutual responder insists on.
    static let initiatorBootstrapKey = key("15b2a83c5a0a38b61f2aa8200ee4994b8afdc01c58507d10d0a38f7eedf051bb")
    /// B.1 `i_proto_priv`: the protocol key `SealedAuthenticationRequest` uses.
    static let initiatorProtocolKey = key("a87de9afbb406c96e5f79a3df895ecac3ad406f95da66314c8cb3165e0c61783")

    static let pkexCode = "thisisreallysecret"
    static let pkexIdentifier = "joes_key"
    static let pkexInitiatorMAC = mac("ac6491f45207")
    static let pkexResponderMAC = mac("6e5ece6ef3dd")
    /// D `a_priv` and `b_priv`: the bootstrapping keys the two sides hand over.
    static let pkexInitiatorBootstrapKey = key("5941b51acfc702cdc1c347264beb2920db88eb1a0bf03a211868b1632233c269")
    static let pkexResponderBootstrapKey = key("2ae8956293f49986b6d0b8169a86805d9232babb5f6813fdfe96f19d59536c60")

    static func hex(_ text: String) -> [UInt8] {
        let digits = Array(text.utf8)
        precondition(digits.count % 2 == 0, "odd-length hex")
        return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(decoding: digits[$0...$0 + 1], as: UTF8.self),
                                                                      radix: 16)! }
    }

    private static func key(_ privateKey: String) -> ECKeyPair {
        try! ECKeyPair(curve: .p256, privateKey: hex(privateKey))
    }

    private static func mac(_ text: String) -> MACAddress {
        try! MACAddress(hex(text))
    }
}
