/// The role-specific elements Pi and Pr of PKEX: fixed points of each curve
/// (Wi-Fi Easy Connect, Appendix C.1) that hide the ephemeral keys X and Y
/// (Qi = H(...)·Pi, Qr = H(...)·Pr).
public enum PKEXRole: Sendable {
    case initiator, responder
}

extension PKEXRole {
    /// Pi (initiator) or Pr (responder) of `curve`, validated like any point.
    public func element(on curve: Curve) throws -> ECPoint {
        guard let xy = Hex.decode(elementHex(curve)) else {
            throw EasyConnectError.invalidPointEncoding("role element constant")
        }
        return try ECPoint(curve: curve, xy: xy)
    }

    /// X ‖ Y in hex.
    private func elementHex(_ curve: Curve) -> String {
        switch (curve, self) {
        case (.p256, .initiator):
            return "562612cf3648fe0b0704bb122250b254b194647e54ce08072eecca745b612d25" +
                "3e44c7c98c1ca10b200993b2fde569dc75bcad33c1e7c6454d101e6a3d843ca4"
        case (.p256, .responder):
            return "1ea48ab1a4e84239ad7307f234df574fc09d54be361b310f59915233ac199d76" +
                "d9fbf6b9f5fadf1958d83ec9897a35c1bde90b777acb912ae8213f4752024d67"
        case (.p384, .initiator):
            return "953f429e507ff9aaac1af2852e64916864c43cb75cf8c9536e584c7fc46461ac" +
                "518a6ffeab74e61281ac385d41e6b9a3762f6884a6b0592983a26ca46c3bf856" +
                "76112a3290bd07c737399ddb96f32bb627bb293c17339d94c3daac46b08e0718"
        case (.p384, .responder):
            return "adbed71d3a7164985fb4d64b50d084974b7e5770d2d9f4922a3fce99c5773344" +
                "145692cbae4664dfe0bbd7b1292072dfaba7df52aae2350ce37532e6bf06c87c" +
                "38294cec82acd7a309d20e225a7452a17e544efec629336315e17be3401cca06"
        case (.p521, .initiator):
            return "00162045195095230d24be0087dcfaf0589a0160077aca7601ab2d5a46cd2cb5" +
                "119affaa48049138cf86fca4a50f4701801b30a3aee81c2eeaccf0039f774c8d" +
                "977600b38e02e42a635912c610ba3af902993f14f040de5cc98b0255fa91b1cc" +
                "6abde562c0c5e3a1579f081aa6e2f85590bff5a6c3d8521fb7022e7cc8b3201e" +
                "798d03a8"
        case (.p521, .responder):
            return "0079e44d6b5e120a182cb305770fc3441acd784614ee463fabc9597c85a0c2fb" +
                "023299de5de10d482d717d8d3f61679e2b8b12de1021550a5b2de80509f62097" +
                "84b400466339becda42dca2774d41b91332083c73ba4098b8ea388e9757f567b" +
                "388462027c905107dbe9d0deda9a5de594d2cf9d4c3391a6c380a76e7e8df873" +
                "6e53cee1"
        }
    }
}
