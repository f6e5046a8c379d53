import XCTest
@testable import EasyConnect

/// Runs two DPP sessions against each other in memory and records every
/// delivery with a copy of the receiving session as it was just before (a
/// session is a value), so hostile tests can replay any step with a
/// modified frame.
struct EngineRun {
    struct Delivery {
        let frame: [UInt8]
        let toResponder: Bool
        /// The receiving session just before this frame arrived.
        let receiver: DPPSession
    }

    var initiatorEvents: [DPPEvent] = []
    var responderEvents: [DPPEvent] = []
    var deliveries: [Delivery] = []
    var initiator: DPPSession
    var responder: DPPSession

    init(initiator: DPPSession, firstOutput: DPPOutput, responder: DPPSession) {
        self.initiator = initiator
        self.responder = responder
        initiatorEvents = firstOutput.events
        var queue = firstOutput.frames.map { (frame: $0, toResponder: true) }
        var steps = 0
        while !queue.isEmpty, steps < 20 {
            steps += 1
            let (frame, toResponder) = queue.removeFirst()
            deliveries.append(Delivery(frame: frame, toResponder: toResponder,
                                       receiver: toResponder ? self.responder : self.initiator))
            let output = toResponder ? self.responder.receive(frame) : self.initiator.receive(frame)
            if toResponder { responderEvents += output.events } else { initiatorEvents += output.events }
            queue += output.frames.map { (frame: $0, toResponder: !toResponder) }
        }
    }
}

/// Keys, URIs and roles for one engine-to-engine scenario.
struct Scenario {
    let curve: Curve
    let responderKey: ECKeyPair
    let initiatorKey: ECKeyPair
    let configuration: ConfigurationObject
    let request: ConfigurationRequest

    init(curve: Curve) throws {
        self.curve = curve
        responderKey = try ECKeyPair.generate(curve: curve)
        initiatorKey = try ECKeyPair.generate(curve: curve)
        configuration = try ConfigurationObject(ssid: "lab \"net\"", credential: .passphrase("correct horse battery"))
        request = try ConfigurationRequest(name: "enrollee-\(curve)")
    }

    var responderURI: BootstrappingURI { get throws { try BootstrappingURI(publicKey: responderKey.publicKey) } }
    var initiatorURI: BootstrappingURI { get throws { try BootstrappingURI(publicKey: initiatorKey.publicKey) } }

    func role(configurator: Bool) -> DPPRole {
        configurator ? .configurator(configuration) : .enrollee(request)
    }

    /// The sessions of a normal run: the initiator names its key; the
    /// responder requires it only when `mutual`.
    func run(initiatorIsConfigurator: Bool, mutual: Bool, initiatorNamesKey: Bool = true) throws -> EngineRun {
        let (initiator, output) = try DPPSession.initiator(peer: responderURI,
                                                           ownKey: initiatorNamesKey ? initiatorKey : nil,
                                                           role: role(configurator: initiatorIsConfigurator))
        let responder = try DPPSession.responder(ownKey: responderKey, peer: mutual ? initiatorURI : nil,
                                                 role: role(configurator: !initiatorIsConfigurator))
        return EngineRun(initiator: initiator, firstOutput: output, responder: responder)
    }
}

extension DPPEvent {
    var isFailure: Bool {
        if case .failed = self { return true }
        return false
    }

    var isSuccess: Bool {
        switch self {
        case .configurationSent, .configurationReceived: return true
        default: return false
        }
    }
}
